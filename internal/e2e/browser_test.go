package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onset/internal/auth"
	"onset/internal/cli"
)

// demoServer is a running `onset demo` and the accounts it printed.
type demoServer struct {
	url      string
	accounts map[string][2]string // role → email, TOTP secret (first account of the role)
	// location is the same for the organization's second clinic.
	location map[string][2]string
}

var (
	urlLine     = regexp.MustCompile(`Onset demo clinic at (http://\S+)`)
	accountLine = regexp.MustCompile(`^(admin|clinician|nurse|frontdesk|patient)\s+(\S+@\S+)\s+\S+\s+(\S+)$`)
)

// startDemo runs `onset demo --addr 127.0.0.1:0` in-process, as a user
// would from the README, and reads its printed URL and accounts.
func startDemo(t *testing.T) demoServer {
	t.Helper()
	return startDemoWith(t, 30)
}

// startDemoWith is startDemo with a clinic of that many patients.
func startDemoWith(t *testing.T, patients int) demoServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--patients", strconv.Itoa(patients)}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("onset demo exited %d after shutdown", code)
			}
		case <-time.After(20 * time.Second):
			t.Error("onset demo did not shut down")
		}
	})
	d := demoServer{accounts: map[string][2]string{}, location: map[string][2]string{}}
	sc := bufio.NewScanner(pr)
	accounts := d.accounts
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := urlLine.FindStringSubmatch(line); m != nil {
			d.url = m[1]
		}
		if strings.Contains(line, "the organization's second clinic") {
			accounts = d.location
		}
		if m := accountLine.FindStringSubmatch(line); m != nil {
			if _, ok := accounts[m[1]]; !ok {
				accounts[m[1]] = [2]string{m[2], m[3]}
			}
		}
		if strings.HasPrefix(line, "Press Ctrl-C") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if d.url == "" || len(d.accounts) != 5 || len(d.location) != 5 {
		t.Fatalf("demo output not understood: url %q, accounts %v", d.url, d.accounts)
	}
	return d
}

func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if _, serr := os.Stat("/usr/bin/chromium"); serr != nil {
			t.Skip("Chromium is not installed (apt-get install chromium); skipping the browser test")
		}
		path = "/usr/bin/chromium"
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(390, 844), // a phone-width screen
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return ctx
}

func signIn(ctx context.Context, d demoServer, role, password string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(d.url+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), d.accounts[role][0]),
		chromedp.SendKeys(chromedp.ID("password"), password),
		nextPage(chromedp.Submit(chromedp.ID("password"))),
	)
}

// text waits for sel and returns its visible text.
func text(t *testing.T, ctx context.Context, sel chromedp.CSS) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(sel)); err != nil {
		t.Fatalf("waiting for %s: %v", sel, err)
	}
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// signInWithTOTP signs a staff member in through the two-step page and
// waits for the signed-in navigation, so the next step cannot interrupt
// the form's own navigation.
func signInWithTOTP(t *testing.T, ctx context.Context, d demoServer, role string) {
	t.Helper()
	if err := signIn(ctx, d, role, "onset-demo-password"); err != nil {
		t.Fatal(err)
	}
	code, err := auth.TOTPCode(d.accounts[role][1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.SendKeys(chromedp.ID("code"), code),
		nextPage(chromedp.Submit(chromedp.ID("code"))),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
	); err != nil {
		t.Fatalf("two-step sign-in as %s: %v", role, err)
	}
}

func TestBrowserClinicianSignsInOpensPatientSignsOut(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	signInWithTOTP(t, ctx, d, "clinician")
	if h := text(t, ctx, "h1"); h != "Onset Demo Clinic" {
		t.Errorf("home heading %q", h)
	}
	if err := chromedp.Do(ctx, nextPage(chromedp.Click(chromedp.CSS(`nav a[href="/patients"]`)))); err != nil {
		t.Fatal(err)
	}
	first := text(t, ctx, "table.list tbody tr td a")
	if err := chromedp.Do(ctx, nextPage(chromedp.Click(chromedp.CSS("table.list tbody tr td a")))); err != nil {
		t.Fatal(err)
	}
	name := text(t, ctx, "#patient-name")
	// The list shows "Family, Given"; the record "Given Family".
	if parts := strings.SplitN(first, ", ", 2); len(parts) != 2 || name != parts[1]+" "+parts[0] {
		t.Errorf("opened %q from list entry %q", name, first)
	}
	if err := chromedp.Do(ctx, nextPage(chromedp.Click(chromedp.CSS("form.signout button"))), chromedp.WaitVisible(chromedp.ID("email"))); err != nil {
		t.Fatal(err)
	}
	if loc := location(t, ctx); !strings.Contains(loc, "/login") {
		t.Errorf("after sign-out at %s", loc)
	}
	// Signed out means signed out: the patient list asks for a new sign-in.
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+"/patients"), chromedp.WaitVisible(chromedp.ID("email"))); err != nil {
		t.Errorf("patient list after sign-out: %v", err)
	}
}

func TestBrowserPatientCannotOpenAnotherPatient(t *testing.T) {
	d := startDemo(t)
	ctx := browser(t)
	if err := signIn(ctx, d, "patient", "onset-demo-password"); err != nil {
		t.Fatal(err)
	}
	ownName := text(t, ctx, "#portal-hello") // patients land on their own page
	own := location(t, ctx)
	id := own[strings.LastIndex(own, "/")+1:]
	other := "2"
	if id == "2" {
		other = "1"
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(d.url+"/patients/"+other)); err != nil {
		t.Fatal(err)
	}
	if h := text(t, ctx, "h1"); h != "Not allowed" {
		t.Errorf("another patient's page shows %q", h)
	}
	if ownName == "" {
		t.Error("own record shows no name")
	}
}

// nextPage runs act (a click or a submit) and waits until the page it
// leads to has loaded, so no check reads the page the form was on. Every
// action that navigates goes through it: waiting for an element instead
// would pass at once when the old page already had one (a flash notice,
// a form), and the test would read the page it was leaving.
func nextPage(act chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Evaluate[bool](`(window.__before = true)`)(ctx, tg); err != nil {
			return chromedp.Void{}, err
		}
		if _, err := act(ctx, tg); err != nil {
			return chromedp.Void{}, err
		}
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			loaded, err := chromedp.Evaluate[bool](`!window.__before && document.readyState === "complete"`)(ctx, tg)
			if err == nil && loaded {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("waiting for the next page: %w", ctx.Err())
			case <-tick.C:
			}
		}
	}
}
