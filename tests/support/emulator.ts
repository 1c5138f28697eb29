/** The emulator's test helpers, under the name velo-inbox's tests have always imported them by. */
export { callers, startSite, WIX_READ_LAG_MS } from 'wix-emulator/testing';
