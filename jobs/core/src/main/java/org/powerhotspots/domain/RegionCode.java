package org.powerhotspots.domain;

/** GB/T 2260 code arithmetic: county {@code XXXXXX} → city {@code XXXX00} → province {@code XX0000}. */
public final class RegionCode {
    private RegionCode() {}

    /** True for six ASCII digits. */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static String provinceOf(String code) {
        return code.substring(0, 2) + "0000";
    }

    public static String cityOf(String code) {
        return code.substring(0, 4) + "00";
    }

    /** The administrative level a code denotes by its digits. */
    public static AdminLevel levelOf(String code) {
        if (code.endsWith("0000")) {
            return AdminLevel.PROVINCE;
        }
        if (code.endsWith("00")) {
            return AdminLevel.CITY;
        }
        return AdminLevel.COUNTY;
    }

    /** Administrative levels (grid places, feeder and station area, sit below a county). */
    public enum AdminLevel {
        PROVINCE,
        CITY,
        COUNTY
    }
}
