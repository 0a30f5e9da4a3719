package org.powerhotspots.region;

import org.powerhotspots.domain.RegionCode.AdminLevel;

/**
 * A GB/T 2260 region with its city and province, and a representative point for maps.
 *
 * <p>{@code cityCode}/{@code cityName} are null for a province; {@code lat}/{@code lon} are null only
 * when neither the region nor any parent has a known point. {@code known} is false for a code that is
 * not in the bundled data: its name is then the code itself.
 */
public record Region(
        String code,
        String name,
        AdminLevel level,
        String cityCode,
        String provinceCode,
        String cityName,
        String provinceName,
        Double lat,
        Double lon,
        boolean known) {

    /** True when the region has a point to draw on a map. */
    public boolean hasPoint() {
        return lat != null && lon != null;
    }
}
