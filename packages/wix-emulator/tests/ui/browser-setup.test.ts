import { launchChromium } from '../../src/testing/browser';

describe('the browser tests’ Chromium', () => {
  it('a missing Chromium fails loudly, saying how to install it or skip', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      /No Chromium at \/nonexistent\/chromium: the browser tests need one\. Install it \(Debian\/Ubuntu: sudo apt-get install -y chromium\), or set CHROMIUM_PATH .*SKIP_BROWSER_TESTS=1 skips/,
    );
  });
});
