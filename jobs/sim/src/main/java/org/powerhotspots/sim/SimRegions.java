package org.powerhotspots.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.powerhotspots.domain.RegionCode;

/** The counties and cities of one province the simulation draws from: regions.tsv when shipped, else a built-in Shaanxi list. */
public final class SimRegions {

    /** A county-level division. */
    public record County(String code, String name, String cityCode) {}

    private final String provinceCode;
    private final String provinceName;
    private final List<County> counties;
    private final Map<String, String> cityNames;

    private SimRegions(String provinceCode, String provinceName, List<County> counties, Map<String, String> cityNames) {
        this.provinceCode = provinceCode;
        this.provinceName = provinceName;
        this.counties = List.copyOf(counties);
        this.cityNames = Map.copyOf(cityNames);
    }

    public String provinceCode() {
        return provinceCode;
    }

    public String provinceName() {
        return provinceName;
    }

    public List<County> counties() {
        return counties;
    }

    /** City codes in first-seen order. */
    public List<String> cityCodes() {
        List<String> cities = new ArrayList<>();
        for (County c : counties) {
            if (!cities.contains(c.cityCode())) {
                cities.add(c.cityCode());
            }
        }
        return cities;
    }

    public String cityName(String cityCode) {
        return cityNames.getOrDefault(cityCode, cityCode);
    }

    /**
     * Loads the province's counties: from {@code regionsTsv} if given and readable, else the classpath resource
     * {@code region/regions.tsv}, else the built-in Shaanxi list (province 61 only).
     */
    public static SimRegions load(String province, Optional<Path> regionsTsv) {
        String prefix = province.substring(0, 2);
        try {
            if (regionsTsv.isPresent() && Files.isReadable(regionsTsv.get())) {
                try (InputStream in = Files.newInputStream(regionsTsv.get())) {
                    Optional<SimRegions> r = fromTsv(prefix, in);
                    if (r.isPresent()) {
                        return r.get();
                    }
                }
            }
            try (InputStream in = SimRegions.class.getClassLoader().getResourceAsStream("region/regions.tsv")) {
                if (in != null) {
                    Optional<SimRegions> r = fromTsv(prefix, in);
                    if (r.isPresent()) {
                        return r.get();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A broken or foreign-format region file is not fatal: the built-in list still works for Shaanxi.
            System.err.println("simulate: cannot use regions.tsv (" + e.getMessage() + "), using built-in list");
        }
        if (prefix.equals("61")) {
            return shaanxi();
        }
        throw new IllegalArgumentException("no region list for province " + province
                + " (give --regions FILE or use --province 61)");
    }

    /** Columns code, name, level, parent_code, lat, lon; level is taken from the code's digits. */
    static Optional<SimRegions> fromTsv(String prefix, InputStream in) throws IOException {
        List<County> counties = new ArrayList<>();
        Map<String, String> cityNames = new LinkedHashMap<>();
        String provinceName = prefix + "0000";
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length < 2 || !RegionCode.isValid(cols[0].trim()) || !cols[0].startsWith(prefix)) {
                continue;
            }
            String code = cols[0].trim();
            String name = cols[1].trim();
            switch (RegionCode.levelOf(code)) {
                case PROVINCE -> provinceName = name;
                case CITY -> cityNames.put(code, name);
                case COUNTY -> {
                    // 市辖区 and 县 are statistical placeholders, not places anyone lives in.
                    if (!name.equals("市辖区") && !name.equals("县") && !name.equals("省直辖县级行政区划")) {
                        counties.add(new County(code, name, RegionCode.cityOf(code)));
                    }
                }
            }
        }
        if (counties.size() < 5) {
            return Optional.empty();
        }
        return Optional.of(new SimRegions(prefix + "0000", provinceName, counties, cityNames));
    }

    /** Shaanxi (陕西省) counties by GB/T 2260, as of the 2021–2023 editions. */
    static SimRegions shaanxi() {
        String[][] data = {
            {"610100", "西安市", "610102 新城区", "610103 碑林区", "610104 莲湖区", "610111 灞桥区", "610112 未央区",
                "610113 雁塔区", "610114 阎良区", "610115 临潼区", "610116 长安区", "610117 高陵区", "610118 鄠邑区",
                "610122 蓝田县", "610124 周至县"},
            {"610200", "铜川市", "610202 王益区", "610203 印台区", "610204 耀州区", "610222 宜君县"},
            {"610300", "宝鸡市", "610302 渭滨区", "610303 金台区", "610304 陈仓区", "610305 凤翔区", "610323 岐山县",
                "610324 扶风县", "610326 眉县", "610327 陇县", "610328 千阳县", "610329 麟游县", "610330 凤县",
                "610331 太白县"},
            {"610400", "咸阳市", "610402 秦都区", "610403 杨陵区", "610404 渭城区", "610422 三原县", "610423 泾阳县",
                "610424 乾县", "610425 礼泉县", "610426 永寿县", "610428 长武县", "610429 旬邑县", "610430 淳化县",
                "610431 武功县", "610481 兴平市", "610482 彬州市"},
            {"610500", "渭南市", "610502 临渭区", "610503 华州区", "610522 潼关县", "610523 大荔县", "610524 合阳县",
                "610525 澄城县", "610526 蒲城县", "610527 白水县", "610528 富平县", "610581 韩城市", "610582 华阴市"},
            {"610600", "延安市", "610602 宝塔区", "610603 安塞区", "610621 延长县", "610622 延川县", "610625 志丹县",
                "610626 吴起县", "610627 甘泉县", "610628 富县", "610629 洛川县", "610630 宜川县", "610631 黄龙县",
                "610632 黄陵县", "610681 子长市"},
            {"610700", "汉中市", "610702 汉台区", "610703 南郑区", "610722 城固县", "610723 洋县", "610724 西乡县",
                "610725 勉县", "610726 宁强县", "610727 略阳县", "610728 镇巴县", "610729 留坝县", "610730 佛坪县"},
            {"610800", "榆林市", "610802 榆阳区", "610803 横山区", "610822 府谷县", "610824 靖边县", "610825 定边县",
                "610826 绥德县", "610827 米脂县", "610828 佳县", "610829 吴堡县", "610830 清涧县", "610831 子洲县",
                "610881 神木市"},
            {"610900", "安康市", "610902 汉滨区", "610921 汉阴县", "610922 石泉县", "610923 宁陕县", "610924 紫阳县",
                "610925 岚皋县", "610926 平利县", "610927 镇坪县", "610929 白河县", "610981 旬阳市"},
            {"611000", "商洛市", "611002 商州区", "611021 洛南县", "611022 丹凤县", "611023 商南县", "611024 山阳县",
                "611025 镇安县", "611026 柞水县"},
        };
        List<County> counties = new ArrayList<>();
        Map<String, String> cityNames = new LinkedHashMap<>();
        for (String[] city : data) {
            cityNames.put(city[0], city[1]);
            for (int i = 2; i < city.length; i++) {
                String[] codeName = city[i].split(" ");
                counties.add(new County(codeName[0], codeName[1], city[0]));
            }
        }
        return new SimRegions("610000", "陕西省", counties, cityNames);
    }
}
