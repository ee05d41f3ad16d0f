// office-addin-mock imports office-addin-manifest only for usage telemetry helpers; none are used in tests.
module.exports = {};
