package org.powerhotspots.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Makes every complaint text of a simulated file unique, as real complaints are: appends a contact and an address of
 * about 55 characters, different for each line. Simulated texts repeat (a few tens of thousands of distinct texts in
 * millions), so without this a cache of repeated texts would measure nothing. Lines that are not JSON objects (the
 * simulator's corrupt records) are kept as they are.
 */
public final class UniqueTexts {
    private static final List<String> STREETS = List.of("幸福路", "长乐路", "人民路", "东大街", "西关正街", "解放路", "建设路",
            "朝阳路", "文化路", "友谊路", "纬二路", "南二环", "北关街", "新城大道", "学府路", "团结路", "红旗路", "光明路");
    private static final List<String> SURNAMES = List.of("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马");

    private UniqueTexts() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UniqueTexts COMPLAINTS.jsonl   (rewritten in place)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ObjectMapper json = new ObjectMapper();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (IOException notJson) {
                    node = null;
                }
                if (node instanceof ObjectNode o && o.path("text").isTextual()) {
                    o.put("text", o.get("text").asText() + suffix(n++));
                    line = json.writeValueAsString(o);
                }
                out.write(line);
                out.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        System.err.printf("unique-texts: %,d texts made unique in %s%n", n, file);
    }

    /** A contact and address unique to line {@code n} (about 55 characters). */
    static String suffix(long n) {
        long h = n * 0x9E3779B97F4A7C15L;
        int street = (int) Math.floorMod(h >>> 7, (long) STREETS.size());
        int surname = (int) Math.floorMod(h >>> 17, (long) SURNAMES.size());
        long phone = 13_000_000_000L + Math.floorMod(h >>> 3, 999_999_999L);
        return String.format("。联系人%s先生，电话%d，地址：%s%d号%d栋%d单元%d室，户号%010d", SURNAMES.get(surname), phone,
                STREETS.get(street), 1 + n % 397, 1 + n / 397 % 29, 1 + n / 11_513 % 6, 101 + n / 69_078 % 2_900, n);
    }
}
