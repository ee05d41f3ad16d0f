/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  // office-addin-mock pulls in office-addin-manifest, whose dependencies are ES modules only.
  // numfmt 4.0.1's package.json sends require() to dist/index.cjs, which it does not ship; its
  // CommonJS build is dist/index.js.
  moduleNameMapper: {
    '^office-addin-manifest$': '<rootDir>/test/support/office-addin-manifest-stub.js',
    '^numfmt$': '<rootDir>/node_modules/numfmt/dist/index.js',
  },
  testTimeout: 60000,
};
