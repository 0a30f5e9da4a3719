package org.powerhotspots.report;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Times;
import org.powerhotspots.region.Region;
import org.powerhotspots.region.Regions;

/** Renders the planner report: one self-contained HTML page (inline CSS, SVG and JS; no network). */
public final class ReportPage {
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(Times.OFFSET);
    private static final List<String> DISCIPLINES = List.of("PLANNING", "CONSTRUCTION", "OPERATIONS", "MARKETING",
            "CUSTOMER_SERVICE");
    private static final Map<String, String> DISCIPLINE_LABELS = Map.of("PLANNING", "规划", "CONSTRUCTION", "建设",
            "OPERATIONS", "运维检修", "MARKETING", "营销/计量", "CUSTOMER_SERVICE", "客服");
    private static final Map<String, String> TYPE_COLORS = Map.of("CROSS_DISCIPLINE", "#b3261e", "OUTAGE_REPEAT",
            "#c05f00", "COMPLAINT_SURGE", "#1d5fa8", "REPEAT_COMPLAINANT", "#6a4c93");

    private final Regions regions;

    public ReportPage(Regions regions) {
        this.regions = regions;
    }

    /** The whole page for these alerts (already filtered and ordered), with a line saying where they came from. */
    public String render(List<ReportAlert> alerts, String sourceDescription, Instant generatedAt) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>告警报告 · Hotspot alert report</title><style>").append(CSS).append("</style></head><body>");
        h.append("<header><h1>投诉热点告警 · Hotspot alerts for planners</h1><p class=\"meta\">")
                .append(esc(alerts.size() + " alerts · " + sourceDescription + " · generated "
                        + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(generatedAt.atOffset(Times.OFFSET))))
                .append("</p>");
        summary(h, alerts);
        h.append("</header><main>");
        h.append("<section class=\"row\"><div class=\"panel\"><h2>按专业和地区 · By discipline and region</h2>");
        matrix(h, alerts);
        h.append("</div><div class=\"panel\"><h2>地图 · Where</h2>");
        map(h, alerts);
        h.append("</div></section>");
        h.append("<section class=\"panel\"><h2>告警 · Alerts</h2><div id=\"controls\"><span>专业 Discipline:</span>");
        for (String d : DISCIPLINES) {
            h.append("<button type=\"button\" class=\"chip\" data-discipline=\"").append(d).append("\">")
                    .append(esc(DISCIPLINE_LABELS.get(d) + " " + d)).append("</button>");
        }
        h.append("<input id=\"search\" type=\"search\" placeholder=\"region, topic, id…\" aria-label=\"search\">")
                .append("<span id=\"shown\" aria-live=\"polite\"></span></div><div id=\"alerts\">");
        if (alerts.isEmpty()) {
            h.append("<p class=\"empty\">No alerts.</p>");
        }
        for (ReportAlert a : alerts) {
            card(h, a);
        }
        h.append("</div></section></main><script>").append(JS).append("</script></body></html>\n");
        return h.toString();
    }

    private void summary(StringBuilder h, List<ReportAlert> alerts) {
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> bySeverity = new TreeMap<>();
        for (ReportAlert a : alerts) {
            byType.merge(String.valueOf(a.type()), 1, Integer::sum);
            bySeverity.merge(String.valueOf(a.severity()), 1, Integer::sum);
        }
        h.append("<ul class=\"summary\">");
        byType.forEach((t, n) -> h.append("<li style=\"border-color:").append(TYPE_COLORS.getOrDefault(t, "#555"))
                .append("\"><b>").append(n).append("</b> ").append(esc(t)).append("</li>"));
        bySeverity.forEach((s, n) -> h.append("<li class=\"sev-").append(esc(s.toLowerCase(Locale.ROOT)))
                .append("\"><b>").append(n).append("</b> ").append(esc(s)).append("</li>"));
        h.append("</ul>");
    }

    private void matrix(StringBuilder h, List<ReportAlert> alerts) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (ReportAlert a : alerts) {
            Map<String, Integer> row = counts.computeIfAbsent(placeName(a), k -> new TreeMap<>());
            for (String d : a.disciplines()) {
                row.merge(d, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            h.append("<p class=\"empty\">No alerts.</p>");
            return;
        }
        h.append("<table class=\"matrix\"><thead><tr><th>地区 Region</th>");
        for (String d : DISCIPLINES) {
            h.append("<th>").append(esc(DISCIPLINE_LABELS.get(d))).append("<br><small>").append(d).append("</small></th>");
        }
        h.append("</tr></thead><tbody>");
        counts.forEach((region, row) -> {
            h.append("<tr><th>").append(esc(region)).append("</th>");
            for (String d : DISCIPLINES) {
                int n = row.getOrDefault(d, 0);
                h.append(n == 0 ? "<td></td>" : "<td class=\"hit\">" + n + "</td>");
            }
            h.append("</tr>");
        });
        h.append("</tbody></table>");
    }

    /** An SVG scatter of the alerts' region points, equirectangular with the cosine of the mean latitude. */
    private void map(StringBuilder h, List<ReportAlert> alerts) {
        record Point(ReportAlert alert, Region region) {}
        List<Point> points = new ArrayList<>();
        for (ReportAlert a : alerts) {
            if (a.regionCode() != null && RegionCode.isValid(a.regionCode())) {
                Region r = regions.lookup(a.regionCode());
                if (r.hasPoint()) {
                    points.add(new Point(a, r));
                }
            }
        }
        if (points.isEmpty()) {
            h.append("<p class=\"empty\">No alert has a known region point.</p>");
            return;
        }
        double minLat = Double.MAX_VALUE, maxLat = -Double.MAX_VALUE, minLon = Double.MAX_VALUE, maxLon = -Double.MAX_VALUE;
        for (Point p : points) {
            minLat = Math.min(minLat, p.region().lat());
            maxLat = Math.max(maxLat, p.region().lat());
            minLon = Math.min(minLon, p.region().lon());
            maxLon = Math.max(maxLon, p.region().lon());
        }
        double cos = Math.cos(Math.toRadians((minLat + maxLat) / 2));
        double spanX = Math.max((maxLon - minLon) * cos, 0.2);
        double spanY = Math.max(maxLat - minLat, 0.2);
        double width = 560, height = 380, pad = 40;
        double scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
        double cx = (minLon + maxLon) / 2, cy = (minLat + maxLat) / 2;
        h.append("<svg id=\"map\" viewBox=\"0 0 560 380\" role=\"img\" aria-label=\"alert regions\">")
                .append("<rect width=\"560\" height=\"380\" fill=\"#f4f7f9\"/>");
        TreeSet<String> labelled = new TreeSet<>();
        for (Point p : points) {
            double x = width / 2 + (p.region().lon() - cx) * cos * scale;
            double y = height / 2 - (p.region().lat() - cy) * scale;
            ReportAlert a = p.alert();
            int r = 5 + 3 * Math.max(a.severityRank(), 1);
            h.append(String.format(Locale.ROOT,
                    "<circle class=\"pt\" data-alert=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" fill-opacity=\"0.55\" stroke=\"#222\" stroke-width=\"0.6\"><title>%s</title></circle>",
                    esc(a.alertId()), x, y, r, TYPE_COLORS.getOrDefault(a.type(), "#555"),
                    esc(placeName(a) + " · " + a.type() + " · " + nz(a.topicLabel()) + " · " + a.severity())));
            if (labelled.add(p.region().code())) {
                h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%s</text>",
                        x + r + 2, y + 4, esc(p.region().name())));
            }
        }
        int ly = 14;
        for (Map.Entry<String, String> e : new TreeMap<>(TYPE_COLORS).entrySet()) {
            h.append("<circle cx=\"12\" cy=\"").append(ly - 4).append("\" r=\"5\" fill=\"").append(e.getValue())
                    .append("\"/><text x=\"22\" y=\"").append(ly).append("\" font-size=\"11\">")
                    .append(esc(e.getKey())).append("</text>");
            ly += 15;
        }
        h.append("</svg>");
    }

    private void card(StringBuilder h, ReportAlert a) {
        String search = String.join(" ", a.alertId(), nz(a.regionCode()), placeName(a), nz(a.topic()),
                nz(a.topicLabel()), nz(a.type()), nz(a.feederId()), nz(a.stationAreaId())).toLowerCase(Locale.ROOT);
        h.append("<article class=\"alert sev-").append(esc(nz(a.severity()).toLowerCase(Locale.ROOT)))
                .append("\" data-disciplines=\"").append(esc(String.join(" ", a.disciplines())))
                .append("\" data-search=\"").append(esc(search)).append("\">");
        h.append("<div class=\"head\"><span class=\"type\" style=\"background:")
                .append(TYPE_COLORS.getOrDefault(a.type(), "#555")).append("\">").append(esc(nz(a.type())))
                .append("</span> <span class=\"severity\">").append(esc(nz(a.severity()))).append("</span> <span class=\"status\">")
                .append(esc(nz(a.status()))).append("</span> <h3 class=\"region\">").append(esc(placeName(a)))
                .append("</h3> <span class=\"topic\">").append(esc(topicOf(a))).append("</span></div>");
        h.append("<div class=\"body\"><div class=\"facts\"><p class=\"id\">").append(esc(a.alertId())).append("</p><p>")
                .append("<span class=\"disc\">");
        for (String d : a.disciplines()) {
            h.append("<span class=\"chip small\">").append(esc(DISCIPLINE_LABELS.getOrDefault(d, d) + " " + d)).append("</span>");
        }
        h.append("</span></p><p>").append(esc("Observed " + num(a.observed()) + " vs expected " + num(a.expected())
                + " (score " + num(a.score()) + ")" + (a.distinctCustomers() > 0 ? ", " + a.distinctCustomers()
                + " customers" : ""))).append("</p><p>")
                .append(esc("Window " + time(a.windowStart()) + " → " + time(a.windowEnd()) + ", detected "
                        + time(a.detectedAt()) + (a.ruleName() == null ? "" : ", rule " + a.ruleName())))
                .append("</p>");
        if (!a.keywords().isEmpty()) {
            h.append("<p class=\"kw\">");
            for (Map.Entry<String, Integer> k : a.keywords().subList(0, Math.min(10, a.keywords().size()))) {
                h.append("<span class=\"chip small\">").append(esc(k.getKey()))
                        .append(k.getValue() > 0 ? " <b>" + k.getValue() + "</b>" : "").append("</span>");
            }
            h.append("</p>");
        }
        for (String text : a.sampleTexts().subList(0, Math.min(3, a.sampleTexts().size()))) {
            h.append("<blockquote>").append(esc(text)).append("</blockquote>");
        }
        if (!a.complaintIds().isEmpty() || !a.outageIds().isEmpty()) {
            h.append("<p class=\"evidence\">").append(esc(evidenceLine(a))).append("</p>");
        }
        h.append("</div><div class=\"chart\">");
        if (a.hourly() != null) {
            sparkline(h, a);
        } else {
            windowBar(h, a);
        }
        h.append("</div></div></article>");
    }

    /**
     * The card's subject: the topic, or for an EMERGING_ISSUE (no topic names it) its lead terms and the topics its
     * complaints were filed under.
     */
    private static String topicOf(ReportAlert a) {
        if (a.topicLabel() != null) {
            return a.topicLabel() + " (" + a.topic() + ")";
        }
        if (!"EMERGING_ISSUE".equals(a.type())) {
            return "";
        }
        List<String> terms = new java.util.ArrayList<>();
        a.keywords().stream().limit(3).forEach(k -> terms.add(k.getKey()));
        return "新问题 new theme: " + String.join(" · ", terms)
                + (a.filedTopics().isEmpty() ? "" : " — filed under " + String.join(", ", a.filedTopics()));
    }

    private static String evidenceLine(ReportAlert a) {
        StringBuilder s = new StringBuilder();
        if (!a.complaintIds().isEmpty()) {
            s.append(a.complaintIds().size()).append(" complaints: ")
                    .append(String.join(", ", a.complaintIds().subList(0, Math.min(6, a.complaintIds().size()))))
                    .append(a.complaintIds().size() > 6 ? ", …" : "");
        }
        if (!a.outageIds().isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append(a.outageIds().size()).append(" outages: ")
                    .append(String.join(", ", a.outageIds().subList(0, Math.min(6, a.outageIds().size()))))
                    .append(a.outageIds().size() > 6 ? ", …" : "");
        }
        return s.toString();
    }

    /** Hourly complaints of the alert's place and topic; the alert window shaded. */
    private static void sparkline(StringBuilder h, ReportAlert a) {
        List<Integer> counts = a.hourly().counts();
        int max = Math.max(1, counts.stream().mapToInt(Integer::intValue).max().orElse(1));
        double w = 260, ht = 70, step = counts.size() > 1 ? w / (counts.size() - 1) : w;
        long start = a.hourly().startMillis();
        h.append("<svg class=\"spark\" viewBox=\"0 0 260 90\" role=\"img\" aria-label=\"complaints per hour\">");
        if (a.windowStart() != null && a.windowEnd() != null) {
            double x0 = Math.max(0, (a.windowStart() - start) / 3_600_000.0 * step);
            double x1 = Math.min(w, (a.windowEnd() - start) / 3_600_000.0 * step);
            h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"70\" fill=\"#fde2c8\"/>",
                    x0, Math.max(1, x1 - x0)));
        }
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < counts.size(); i++) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", i * step, ht - counts.get(i) * (ht - 4) / max));
        }
        h.append("<polyline fill=\"none\" stroke=\"#1d5fa8\" stroke-width=\"1.5\" points=\"").append(pts.toString().trim())
                .append("\"/>").append("<text x=\"0\" y=\"86\" font-size=\"10\">").append(esc(time(start)))
                .append("</text><text x=\"260\" y=\"86\" font-size=\"10\" text-anchor=\"end\">")
                .append(esc("max " + max + "/h")).append("</text></svg>");
    }

    /** From a file there is no series: the window on a day scale and observed against expected. */
    private static void windowBar(StringBuilder h, ReportAlert a) {
        double top = Math.max(Math.max(a.observed(), a.expected()), 1e-9);
        double ow = 240 * a.observed() / top, ew = 240 * a.expected() / top;
        double hours = a.windowStart() == null || a.windowEnd() == null ? 0
                : (a.windowEnd() - a.windowStart()) / 3_600_000.0;
        h.append("<svg class=\"spark\" viewBox=\"0 0 260 90\" role=\"img\" aria-label=\"observed against expected\">")
                .append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"6\" width=\"%.1f\" height=\"16\" fill=\"#b3261e\"/>", Math.max(ow, 1)))
                .append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"30\" width=\"%.1f\" height=\"16\" fill=\"#8aa1b4\"/>", Math.max(ew, 1)))
                .append("<text x=\"4\" y=\"18\" font-size=\"11\" fill=\"#fff\">").append(esc("observed " + num(a.observed())))
                .append("</text><text x=\"4\" y=\"42\" font-size=\"11\">").append(esc("expected " + num(a.expected())))
                .append("</text>")
                .append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"60\" width=\"%.1f\" height=\"8\" fill=\"#fdb170\"/>",
                        Math.min(260, Math.max(2, hours / 72.0 * 260))))
                .append("<text x=\"0\" y=\"84\" font-size=\"10\">").append(esc(num(hours) + " h open (bar: 72 h = full width)"))
                .append("</text></svg>");
    }

    private String placeName(ReportAlert a) {
        String name = a.regionName();
        if ((name == null || name.isBlank() || name.equals(a.regionCode())) && a.regionCode() != null
                && RegionCode.isValid(a.regionCode())) {
            name = regions.lookup(a.regionCode()).name();
        }
        StringBuilder s = new StringBuilder(name == null ? nz(a.regionCode()) : name);
        if (a.regionCode() != null && !a.regionCode().equals(name)) {
            s.append(" ").append(a.regionCode());
        }
        if (a.stationAreaId() != null) {
            s.append(" · 台区 ").append(a.stationAreaId());
        } else if (a.feederId() != null) {
            s.append(" · 线路 ").append(a.feederId());
        }
        return s.toString();
    }

    private static String time(Long millis) {
        return millis == null ? "?" : SHORT.format(Instant.ofEpochMilli(millis));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;background:#eef1f4;color:#1b1f24}
            header{background:#15324d;color:#fff;padding:14px 24px}h1{margin:0;font-size:22px}.meta{margin:4px 0;opacity:.8;font-size:13px}
            .summary{list-style:none;display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:8px 0 0}
            .summary li{background:#fff;color:#1b1f24;border-left:6px solid #888;padding:3px 10px;border-radius:3px;font-size:13px}
            main{padding:12px 24px}.row{display:flex;gap:12px;flex-wrap:wrap}.row>.panel{flex:1 1 440px;min-width:0}
            .panel{background:#fff;border-radius:6px;padding:10px 14px;margin-bottom:12px;box-shadow:0 1px 2px #0002}
            h2{font-size:16px;margin:4px 0 10px}table.matrix{border-collapse:collapse;width:100%;font-size:13px}
            .matrix th,.matrix td{border:1px solid #d5dbe1;padding:4px 6px;text-align:center}.matrix tbody th{text-align:left;font-weight:normal}
            .matrix td.hit{background:#fbd3c8;font-weight:bold}#map{width:100%;max-width:640px;height:auto;display:block;margin:auto}
            #controls{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin-bottom:10px;font-size:13px}
            .chip{border:1px solid #9fb3c8;background:#f4f7fa;border-radius:12px;padding:2px 9px;font-size:12px;cursor:pointer}
            .chip.on{background:#15324d;color:#fff}.chip.small{cursor:default;margin:0 4px 2px 0;display:inline-block}
            #search{padding:3px 8px;border:1px solid #9fb3c8;border-radius:4px}#shown{margin-left:auto;color:#444}
            article.alert{border:1px solid #d5dbe1;border-left:6px solid #8aa1b4;border-radius:4px;margin-bottom:8px;padding:8px 12px}
            article.sev-critical{border-left-color:#7b0000}article.sev-high{border-left-color:#b3261e}article.sev-medium{border-left-color:#e08a00}
            .head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}.head h3{margin:0;font-size:16px}
            .type{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px}.severity,.status{font-size:12px;font-weight:bold}
            .topic{color:#333}.body{display:flex;gap:16px;flex-wrap:wrap}.facts{flex:1 1 420px;font-size:13px}.facts p{margin:4px 0}
            .id{font-family:monospace;color:#555}.chart{flex:0 0 270px}.spark{width:270px;height:auto}
            blockquote{margin:4px 0;padding:2px 8px;border-left:3px solid #cbd5df;color:#333}.evidence{color:#555;font-size:12px}
            .empty{color:#666}@media print{#controls{display:none}}
            """;

    // Filters by discipline chips and search text; it only reads data-* attributes and writes textContent.
    private static final String JS = """
            (function(){
              var cards=[].slice.call(document.querySelectorAll('article.alert'));
              var chips=[].slice.call(document.querySelectorAll('#controls .chip'));
              var search=document.getElementById('search');var shown=document.getElementById('shown');
              function apply(){
                var on=chips.filter(function(c){return c.classList.contains('on');}).map(function(c){return c.dataset.discipline;});
                var q=(search.value||'').trim().toLowerCase();var n=0;
                cards.forEach(function(card){
                  var ds=(card.dataset.disciplines||'').split(' ');
                  var ok=(on.length===0||on.some(function(d){return ds.indexOf(d)>=0;}))&&(q===''||card.dataset.search.indexOf(q)>=0);
                  card.style.display=ok?'':'none';if(ok){n++;}
                });
                shown.textContent=n+' of '+cards.length+' alerts shown';
              }
              chips.forEach(function(c){c.addEventListener('click',function(){c.classList.toggle('on');apply();});});
              search.addEventListener('input',apply);apply();
            })();
            """;
}
