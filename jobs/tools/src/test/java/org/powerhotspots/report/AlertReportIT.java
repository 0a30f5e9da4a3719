package org.powerhotspots.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report written from an alerts JSONL file shows its alerts in a real browser (headless Chromium) after its
 * script has run, and data cannot inject markup. Leaves a screenshot in jobs/target/report-screenshot.png.
 */
class AlertReportIT {
    @TempDir
    Path dir;

    @Test
    void chromiumShowsTheOpenAlertsWithRegionsAndDisciplines() throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("HOTSPOT_SKIP_BROWSER")), "HOTSPOT_SKIP_BROWSER=1");
        String chromium = findChromium();
        Path out = dir.resolve("report.html");
        AlertReport.write(AlertReport.Options.parse(new String[] {
            "--alerts", ReportFixtures.write(dir).toString(), "--out", out.toString()}));

        String dom = browser(chromium, "--dump-dom", out.toUri().toString());
        for (String expected : List.of("A-cross-610112", "A-surge-610113", "未央区", "雁塔区", "OPERATIONS", "PLANNING",
                "MARKETING", "CUSTOMER_SERVICE", "频繁停电", "一周停电三次")) {
            assertTrue(dom.contains(expected), "the rendered page does not show " + expected);
        }
        assertFalse(dom.contains("A-old-610302"), "a resolved alert is shown in the open report");
        // Written by the page's script, so it proves the script ran in the browser.
        assertTrue(dom.contains("3 of 3 alerts shown"), "the page script did not run");
        // The hostile region name is shown as text; had it run, it would have set an attribute on <body>.
        assertFalse(dom.contains("<body data-pwned"), "markup from the data ran in the browser");
        assertTrue(dom.contains("&lt;img src=x onerror="), "the hostile region name should be shown as text");
        assertTrue(dom.contains("<circle class=\"pt\" data-alert=\"A-cross-610112\""), "the map lacks the alert's point");

        Path png = Paths.get("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        browser(chromium, "--screenshot=" + png, "--window-size=1280,1600", out.toUri().toString());
        assertTrue(Files.size(png) > 10_000, "the screenshot is empty");
    }

    private String browser(String chromium, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("chromium-profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("chromium.log").toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s");
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(dir.resolve("chromium.log")));
        return out;
    }

    private static String findChromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                return candidate;
            }
        }
        fail("headless Chromium is needed to test the report: install it with 'apt-get install -y chromium' "
                + "(Debian), or set HOTSPOT_SKIP_BROWSER=1 to skip this test");
        return null;
    }
}
