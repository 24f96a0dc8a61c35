/** This package's version, sent in the user agent as `aks-acr/<VERSION>`; a test keeps it equal to package.json's. */
export const VERSION = "0.1.0";
