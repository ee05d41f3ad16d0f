// Entry of dist/excel/functions.js: runs with only CustomFunctions and Office defined.
import { registerAll } from './custom-functions';

registerAll(CustomFunctions as unknown as Parameters<typeof registerAll>[0]);
