package io.madoguchi.chassis.testing;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium for the pages' tests, which keeps what the browser's console said, so that a test can
 * prove a page worked under its Content-Security-Policy: Chromium logs every violation ("Refused to load…",
 * "Refused to frame…", "…violates the following Content Security Policy directive…"), in frames too.
 * {@code -Dmadoguchi.chromium} and {@code -Dmadoguchi.chromedriver} point elsewhere than /usr/bin.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = System.getProperty("madoguchi.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("madoguchi.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final List<String> console = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A browser asking for pages in this language first (Accept-Language and navigator.language), e.g. "ja" or "en-US". */
    public static Browser start(String language) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("The pages' browser tests drive Debian's Chromium: install the packages chromium and"
                    + " chromium-driver (deploy/run-tests.sh does), or point -Dmadoguchi.chromium and -Dmadoguchi.chromedriver at them");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Everything the console said since the browser started. */
    public List<String> console() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(console);
    }

    /** What the console said of the Content-Security-Policy since the browser started: empty when nothing was refused. */
    public List<String> contentSecurityPolicyViolations() {
        return console().stream().filter(line -> line.contains("Content Security Policy") || line.contains("Content-Security-Policy")
                || line.contains("Refused to")).toList();
    }

    /**
     * Runs axe-core (from its Maven Central webjar) in the current page and returns its serious and critical
     * violations, each as "rule: help (n nodes)"; empty when there are none.
     */
    @SuppressWarnings("unchecked")
    public List<String> seriousAccessibilityViolations() {
        driver.executeScript(AxeCore.SOURCE);
        Object found = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes: ' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))
                  .catch(e => done(['axe-core failed: ' + e]));""");
        return (List<String>) found;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
