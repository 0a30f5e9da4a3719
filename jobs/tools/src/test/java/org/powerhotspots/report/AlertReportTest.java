package org.powerhotspots.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reads alerts JSON Lines (latest emission wins), filters by status and escapes all data. */
class AlertReportTest {
    @TempDir
    Path dir;

    @Test
    void laterEmissionOfAnAlertReplacesTheEarlierOne() throws IOException {
        List<ReportAlert> alerts = AlertSources.fromFile(ReportFixtures.write(dir));
        assertEquals(4, alerts.size());
        ReportAlert surge = alerts.stream().filter(a -> a.alertId().equals("A-surge-610113")).findFirst().orElseThrow();
        assertEquals("UPDATED", surge.status());
        assertEquals("HIGH", surge.severity());
        assertEquals(30.0, surge.observed());
        assertEquals(List.of("C1", "C2"), surge.complaintIds());
        assertEquals("电表", surge.keywords().get(0).getKey());
    }

    @Test
    void anOlderLineAfterANewerOneDoesNotWin() throws IOException {
        Path file = dir.resolve("out-of-order.jsonl");
        Files.write(file, List.of(
                ReportFixtures.alertLine("X", "COMPLAINT_SURGE", "RESOLVED", "610113", "雁塔区", "SMART_METER", "l",
                        "LOW", List.of("MARKETING"), "2026-03-03T00:00:00+08:00", 1, 1, "t"),
                ReportFixtures.alertLine("X", "COMPLAINT_SURGE", "OPEN", "610113", "雁塔区", "SMART_METER", "l",
                        "LOW", List.of("MARKETING"), "2026-03-02T00:00:00+08:00", 1, 1, "t")), StandardCharsets.UTF_8);
        assertEquals("RESOLVED", AlertSources.fromFile(file).get(0).status());
    }

    @Test
    void openReportLeavesOutResolvedAlertsAndPutsTheMostSevereFirst() throws IOException {
        Path out = dir.resolve("report.html");
        int shown = AlertReport.write(AlertReport.Options.parse(new String[] {
            "--alerts", ReportFixtures.write(dir).toString(), "--out", out.toString()}));
        assertEquals(3, shown);
        String html = Files.readString(out);
        assertFalse(html.contains("A-old-610302"), "a resolved alert is in the open report");
        assertTrue(html.indexOf("A-cross-610112") < html.indexOf("A-surge-610113"), "CRITICAL should come first");
        assertTrue(html.contains("未央区"));
        assertTrue(html.contains("<svg id=\"map\""));
        int all = AlertReport.write(AlertReport.Options.parse(new String[] {
            "--alerts", ReportFixtures.write(dir).toString(), "--out", out.toString(), "--status", "all"}));
        assertEquals(4, all);
    }

    @Test
    void withNoAlertOpenTheReportShowsThePeriodsAlertsAndSaysSo() throws IOException {
        Path file = dir.resolve("all-resolved.jsonl");
        Files.write(file, List.of(
                ReportFixtures.alertLine("R1", "COMPLAINT_SURGE", "RESOLVED", "610113", "雁塔区", "SMART_METER", "l",
                        "HIGH", List.of("MARKETING"), "2026-03-03T00:00:00+08:00", 9, 2, "t"),
                ReportFixtures.alertLine("R2", "OUTAGE_REPEAT", "RESOLVED", "610112", "未央区", null, "l",
                        "MEDIUM", List.of("OPERATIONS"), "2026-03-04T00:00:00+08:00", 3, 1, "t")), StandardCharsets.UTF_8);
        Path out = dir.resolve("resolved.html");
        assertEquals(2, AlertReport.write(AlertReport.Options.parse(new String[] {
            "--alerts", file.toString(), "--out", out.toString()})));
        String html = Files.readString(out);
        assertTrue(html.contains("R1") && html.contains("R2"), "the period's alerts are shown");
        assertTrue(html.contains("no alert is open: the period&#39;s 2 alerts, all resolved")
                || html.contains("no alert is open: the period's 2 alerts, all resolved"), "the page says which it shows");
        assertFalse(html.contains("No alerts."));
        // Asked for open alerts only: exactly that.
        assertEquals(0, AlertReport.write(AlertReport.Options.parse(new String[] {
            "--alerts", file.toString(), "--out", out.toString(), "--status", "open"})));
        assertTrue(Files.readString(out).contains("No alerts."));
    }

    @Test
    void anEmergingIssueCardNamesItsThemesTermsAndTheTopicsItWasFiledUnder() throws IOException {
        var terms = List.of(new org.powerhotspots.detect.HotspotAlert.KeywordCount("冒充", 14),
                new org.powerhotspots.detect.HotspotAlert.KeywordCount("上门收费", 12));
        var alert = new org.powerhotspots.detect.HotspotAlert("E-1", org.powerhotspots.detect.AlertType.EMERGING_ISSUE,
                org.powerhotspots.detect.AlertStatus.OPEN, "610113", org.powerhotspots.detect.RegionLevel.COUNTY, null,
                null, null, null, 1772409600000L, 1772420400000L, 1772420400000L, 14, 0.2, 15,
                org.powerhotspots.detect.Severity.HIGH, 20, List.of(org.powerhotspots.domain.Discipline.CUSTOMER_SERVICE),
                new org.powerhotspots.detect.HotspotAlert.Evidence(List.of("C1"), List.of(), terms, List.of("有人冒充电力工作人员上门收费"),
                        terms, List.of(org.powerhotspots.domain.Topic.OTHER, org.powerhotspots.domain.Topic.SERVICE_CONDUCT)),
                new org.powerhotspots.detect.HotspotAlert.Rule("emerging.issue", java.util.Map.of()));
        Path file = dir.resolve("emerging.jsonl");
        Files.writeString(file, new org.powerhotspots.documents.AlertRecords(org.powerhotspots.region.Regions.bundled())
                .toJsonLine(alert) + "\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("emerging.html");
        assertEquals(1, AlertReport.write(AlertReport.Options.parse(new String[] {
            "--alerts", file.toString(), "--out", out.toString()})));
        String html = Files.readString(out);
        assertTrue(html.contains("new theme: 冒充 · 上门收费"), "the card names the theme's terms");
        assertTrue(html.contains("filed under OTHER, SERVICE_CONDUCT"), "and the topics it was filed under");
    }

    @Test
    void textFromTheDataIsEscaped() throws IOException {
        Path out = dir.resolve("report.html");
        AlertReport.write(AlertReport.Options.parse(new String[] {
            "--alerts", ReportFixtures.write(dir).toString(), "--out", out.toString()}));
        String html = Files.readString(out);
        assertFalse(html.contains("<img src=x"), "raw markup from the data reached the page");
        assertFalse(html.contains("</script><script>document"), "a script breakout reached the page");
        assertTrue(html.contains("&lt;img src=x onerror="));
        assertTrue(html.contains("走字&lt;快&gt;"));
        assertFalse(html.contains("http://") || html.contains("https://"), "the page must need no network");
    }

    @Test
    void badArgumentsAndUnreadableInputAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> AlertReport.Options.parse(new String[] {"--alerts", "x"}));
        assertThrows(IllegalArgumentException.class, () -> AlertReport.Options.parse(new String[] {
            "--out", "x.html", "--status", "closed"}));
        IOException e = assertThrows(IOException.class, () -> AlertReport.write(AlertReport.Options.parse(
                new String[] {"--out", dir.resolve("r.html").toString(), "--alerts", dir.resolve("none.jsonl").toString()})));
        assertTrue(e.getMessage().contains("none.jsonl"));
    }

    @Test
    void aLineThatIsNotJsonIsNamedByFileAndLine() throws IOException {
        Path file = dir.resolve("broken.jsonl");
        Files.writeString(file, "{\"alert_id\":\"A\"}\n{not json\n");
        IOException e = assertThrows(IOException.class, () -> AlertSources.fromFile(file));
        assertTrue(e.getMessage().contains("broken.jsonl:2"), e.getMessage());
    }
}
