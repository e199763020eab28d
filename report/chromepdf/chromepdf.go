// Package chromepdf prints HTML files to PDF with headless Chromium through
// the DevTools protocol (chromedp), so reports look in print exactly as in
// a browser. It is the only report code that starts a browser.
package chromepdf

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Printer prints with a Chromium it starts for each call and stops after,
// so nothing is left running between scheduled reports.
type Printer struct {
	// Chrome is the browser binary. Default: /usr/bin/chromium, else
	// chromium or google-chrome on PATH.
	Chrome string
	// Timeout bounds one print, browser start included. Default 60s.
	Timeout time.Duration
}

// Flags are the Chromium flags every launch uses: headless, no sandbox (it
// runs in containers and CI as root), and nothing that reaches the network
// on its own.
func Flags(userDataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(userDataDir),
	}
}

// FindChrome returns the Chromium binary to use, or an error saying what
// to install.
func FindChrome(explicit string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: install the chromium package (Debian) to produce PDF reports")
}

// PrintPDF loads htmlFile (an absolute path) and prints it on A4 with
// backgrounds, as the page's @page rule asks.
func (p Printer) PrintPDF(ctx context.Context, htmlFile string) ([]byte, error) {
	chrome, err := FindChrome(p.Chrome)
	if err != nil {
		return nil, err
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	profile, err := os.MkdirTemp("", "skillpulse-chromium-")
	if err != nil {
		return nil, fmt.Errorf("print %s: %w", htmlFile, err)
	}
	defer os.RemoveAll(profile)
	opts := append(Flags(profile), chromedp.ExecPath(chrome))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	u := (&url.URL{Scheme: "file", Path: htmlFile}).String()
	if err := chromedp.Do(bctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		return nil, fmt.Errorf("print %s with %s: load: %w", htmlFile, chrome, err)
	}
	pdf, err := chromedp.Run(bctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{
			PrintBackground:   new(true),
			PreferCSSPageSize: new(true),
		})
		return res.Data, err
	})
	if err != nil {
		return nil, fmt.Errorf("print %s with %s: %w", htmlFile, chrome, err)
	}
	return pdf, nil
}
