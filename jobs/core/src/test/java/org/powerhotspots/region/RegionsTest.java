package org.powerhotspots.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.RegionCode.AdminLevel;

class RegionsTest {
    private static final Regions REGIONS = Regions.bundled();

    // Bounding boxes (degrees) generous by a few tenths.
    private static boolean inShaanxi(Region r) {
        return r.lat() > 31.6 && r.lat() < 39.6 && r.lon() > 105.4 && r.lon() < 111.3;
    }

    private static boolean inHubei(Region r) {
        return r.lat() > 29.0 && r.lat() < 33.3 && r.lon() > 108.3 && r.lon() < 116.2;
    }

    @Test
    void countyIsNamedWithItsCityAndProvince() {
        Region yanta = REGIONS.lookup("610113");
        assertEquals("雁塔区", yanta.name());
        assertEquals(AdminLevel.COUNTY, yanta.level());
        assertEquals("610100", yanta.cityCode());
        assertEquals("西安市", yanta.cityName());
        assertEquals("610000", yanta.provinceCode());
        assertEquals("陕西省", yanta.provinceName());
        assertTrue(yanta.known());
    }

    @Test
    void countyPointLiesInsideItsProvince() {
        Region yanta = REGIONS.lookup("610113");
        assertTrue(yanta.hasPoint());
        assertTrue(inShaanxi(yanta), () -> "雁塔区 at " + yanta.lat() + "," + yanta.lon());
        // 雁塔区 is in southern Xi'an, within a few km of the city centre.
        assertEquals(34.2, yanta.lat(), 0.1);
        assertEquals(108.95, yanta.lon(), 0.1);
    }

    @Test
    void cityAndProvincePointsLieInsideTheirProvince() {
        assertTrue(inShaanxi(REGIONS.lookup("610100")));
        assertTrue(inShaanxi(REGIONS.lookup("610000")));
        assertTrue(inShaanxi(REGIONS.lookup("610800")), "榆林市");
    }

    @Test
    void cityAndProvinceCodesResolveToTheirOwnLevel() {
        Region xian = REGIONS.lookup("610100");
        assertEquals(AdminLevel.CITY, xian.level());
        assertEquals("西安市", xian.name());
        assertEquals("610100", xian.cityCode());
        assertEquals("陕西省", xian.provinceName());

        Region shaanxi = REGIONS.lookup("610000");
        assertEquals(AdminLevel.PROVINCE, shaanxi.level());
        assertEquals("陕西省", shaanxi.name());
        assertNull(shaanxi.cityCode());
        assertNull(shaanxi.cityName());
        assertEquals("610000", shaanxi.provinceCode());
    }

    @Test
    void municipalityDistrictsAreInTheMunicipalityNotInAPlaceholderCity() {
        Region chaoyang = REGIONS.lookup("110105");
        assertEquals("朝阳区", chaoyang.name());
        assertEquals("110100", chaoyang.cityCode());
        assertEquals("北京市", chaoyang.cityName());
        assertEquals("北京市", chaoyang.provinceName());
        for (String city : List.of("110100", "120100", "310100", "500100")) {
            assertFalse(REGIONS.lookup(city).name().contains("市辖区"), city);
        }
        assertEquals("重庆市", REGIONS.lookup("500101").cityName());
        assertEquals("重庆市辖县", REGIONS.lookup("500229").cityName(), "城口县");
    }

    @Test
    void countyUnderTheProvinceHasAPlaceholderCityNamedAfterTheProvince() {
        Region xiantao = REGIONS.lookup("429004");
        assertEquals("仙桃市", xiantao.name());
        assertEquals(AdminLevel.COUNTY, xiantao.level());
        assertEquals("429000", xiantao.cityCode());
        assertEquals("湖北省直辖县级行政区划", xiantao.cityName());
        assertEquals("湖北省", xiantao.provinceName());
        assertTrue(inHubei(xiantao));
    }

    @Test
    void noCityIsNamedByAPlaceholderAlone() {
        for (String province : List.of("110000", "120000", "310000", "500000", "410000", "420000", "460000", "650000")) {
            for (Region county : REGIONS.countiesOf(province)) {
                assertFalse(
                        List.of("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划").contains(county.cityName()),
                        county.code() + " in " + county.cityName());
            }
        }
    }

    @Test
    void unknownCountyIsNamedByItsCodeWithParentsAndPointFromItsCity() {
        Region unknown = REGIONS.lookup("610199");
        assertFalse(unknown.known());
        assertEquals("610199", unknown.name());
        assertEquals(AdminLevel.COUNTY, unknown.level());
        assertEquals("610100", unknown.cityCode());
        assertEquals("西安市", unknown.cityName());
        assertEquals("陕西省", unknown.provinceName());
        Region xian = REGIONS.lookup("610100");
        assertEquals(xian.lat(), unknown.lat());
        assertEquals(xian.lon(), unknown.lon());
    }

    @Test
    void unknownCityFallsBackToItsProvincePoint() {
        Region unknown = REGIONS.lookup("619900");
        assertFalse(unknown.known());
        assertEquals(AdminLevel.CITY, unknown.level());
        assertEquals("619900", unknown.name());
        assertEquals("619900", unknown.cityCode());
        assertEquals("陕西省", unknown.provinceName());
        assertEquals(REGIONS.lookup("610000").lat(), unknown.lat());
        assertEquals(REGIONS.lookup("610000").lon(), unknown.lon());

        Region inUnknownCity = REGIONS.lookup("619901");
        assertEquals("619900", inUnknownCity.cityName(), "an unknown city is named by its code");
        assertEquals(REGIONS.lookup("610000").lat(), inUnknownCity.lat());
    }

    @Test
    void unknownProvinceIsNamedByCodesAndHasNoPoint() {
        Region unknown = REGIONS.lookup("990101");
        assertFalse(unknown.known());
        assertEquals("990101", unknown.name());
        assertEquals("990100", unknown.cityName());
        assertEquals("990000", unknown.provinceName());
        assertFalse(unknown.hasPoint());
    }

    @Test
    void invalidCodeIsRejected() {
        for (String bad : new String[] {null, "", "61011", "6101130", "61011x", "６１０１１３"}) {
            assertThrows(IllegalArgumentException.class, () -> REGIONS.lookup(bad), String.valueOf(bad));
        }
    }

    @Test
    void countiesOfCityAndProvinceAreTheirKnownCountiesInCodeOrder() {
        List<Region> xian = REGIONS.countiesOf("610100");
        assertTrue(xian.stream().anyMatch(r -> r.code().equals("610113")));
        assertTrue(xian.stream().allMatch(r -> r.code().startsWith("6101") && r.level() == AdminLevel.COUNTY));
        assertTrue(xian.size() >= 13, "西安 has 11 districts and 2 counties");
        List<Region> shaanxi = REGIONS.countiesOf("610000");
        assertTrue(shaanxi.containsAll(xian));
        assertTrue(shaanxi.stream().allMatch(r -> r.code().startsWith("61")));
        for (int i = 1; i < shaanxi.size(); i++) {
            assertTrue(shaanxi.get(i - 1).code().compareTo(shaanxi.get(i).code()) < 0);
        }
        assertEquals(List.of(REGIONS.lookup("429004")), REGIONS.countiesOf("429004"));
        assertTrue(REGIONS.countiesOf("990000").isEmpty());
    }

    @Test
    void everyKnownRegionHasAPointAndParentsByDigits() throws IOException {
        try (InputStream in = Regions.class.getResourceAsStream(Regions.RESOURCE)) {
            assertNotNull(in);
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            assertTrue(lines.size() > 3000, "all provinces, cities and counties");
            assertEquals(lines.size(), REGIONS.size());
            for (String line : lines) {
                String[] f = line.split("\t", -1);
                Region region = REGIONS.lookup(f[0]);
                assertTrue(region.known(), f[0]);
                assertEquals(RegionCode.levelOf(f[0]).name(), f[2], f[0]);
                assertTrue(region.hasPoint(), f[0] + " has no point");
                // China lies within 18..54 N, 73..135 E (南海 islands reach 4 N).
                assertTrue(region.lat() > 3 && region.lat() < 54 && region.lon() > 73 && region.lon() < 136, f[0]);
                String parent = switch (region.level()) {
                    case PROVINCE -> "";
                    case CITY -> region.provinceCode();
                    case COUNTY -> region.cityCode();
                };
                assertEquals(parent, f[3], f[0] + " parent");
            }
        }
    }

    @Test
    void mostCountiesHaveAPointOfTheirOwn() throws IOException {
        try (InputStream in = Regions.class.getResourceAsStream(Regions.RESOURCE)) {
            List<String[]> counties = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .skip(1)
                    .map(l -> l.split("\t", -1))
                    .filter(f -> f[2].equals("COUNTY"))
                    .toList();
            long withOwnPoint = counties.stream().filter(f -> !f[4].isEmpty()).count();
            assertTrue(withOwnPoint > counties.size() * 0.9, withOwnPoint + " of " + counties.size());
        }
    }

    @Test
    void serializesAsASmallProxyThatResolvesToTheBundledTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(REGIONS);
        }
        assertTrue(bytes.size() < 1024, bytes.size() + " bytes");
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertSame(REGIONS, in.readObject());
        }
    }
}
