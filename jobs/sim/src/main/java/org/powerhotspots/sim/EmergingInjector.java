package org.powerhotspots.sim;

import static org.powerhotspots.sim.Simulator.DAY;
import static org.powerhotspots.sim.Simulator.HOUR;
import static org.powerhotspots.sim.Simulator.MINUTE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.sim.SimRegions.County;

/**
 * Plants emerging themes (EMERGING_ISSUE: words no topic names, used alike by many customers of one region in a short
 * time) and ordinary vocabulary churn that must stay silent (a new estate's or place's name, a seasonal word), with
 * {@code scripts/simulate --emerging}.
 *
 * <p>Everything here draws from its own two streams (events, wording), seeded from the seed, and runs after every
 * other incident is placed: the world without the option is byte-identical, and with it the other incidents are
 * where they were. Theme complaints are added on top of ordinary traffic; churn only rewrites the texts of ordinary
 * complaints (their ids, times and topics stay).
 */
final class EmergingInjector {
    /** Distinct customers of a county theme; a run takes them in a shuffled order, so sizes vary with the seed. */
    static final int[] COUNTY_SIZES = {15, 30, 60};
    static final int[] CITY_SIZES = {30, 45, 60};
    static final int[] PROVINCE_SIZES = {60, 90, 120};
    /** Two themes are at least this far apart, so the truth says which one an alert is about. */
    private static final long THEME_GAP = 12 * HOUR;

    private final Simulator sim;
    private final Random random;
    private final Random textRandom;
    private final int firstDay;
    private final int lastDay;
    private final List<County> counties;
    private final List<long[]> themeSpans = new ArrayList<>();
    /** Counties that already have a churn decoy: one new name per county keeps the decoys apart. */
    private final List<Integer> churnCounties = new ArrayList<>();
    /** Counties with a county theme: a churn name there would share the theme's place and time. */
    private final Set<String> themeCounties = new HashSet<>();
    private int themeSeq;
    private int churnSeq;

    EmergingInjector(Simulator sim, long seed, int firstDay, int lastDay) {
        this.sim = sim;
        this.random = new Random(seed * 7919 + 13);
        this.textRandom = new Random(seed * 7919 + 17);
        this.firstDay = firstDay;
        this.lastDay = Math.max(firstDay + 1, lastDay);
        this.counties = sim.counties();
    }

    void inject() {
        double scale = Math.max(0.2, (lastDay - firstDay) / 42.0);
        appVersionFailure(pick(PROVINCE_SIZES));
        newFee(pick(CITY_SIZES));
        List<Integer> sizes = new ArrayList<>();
        for (int s : COUNTY_SIZES) {
            sizes.add(s);
        }
        Collections.shuffle(sizes, random);
        int countyThemes = Math.max(1, (int) Math.round(2 * scale));
        for (int i = 0; i < countyThemes; i++) {
            impersonation(sizes.get(i % sizes.size()));
        }
        newName(true);
        newName(false);
        seasonalWord();
    }

    // ------------------------------------------------------------------------------------------ themes

    /** The utility's app fails after an update: every county, 1–2 days. */
    private void appVersionFailure(int size) {
        String version = "3." + (4 + random.nextInt(5)) + "." + (1 + random.nextInt(9));
        Wording w = new Wording();
        w.token("APP", "网上国网", "网上国网", "网上国网", "网上国网", "网上国网APP", "网上国网APP", "网上国网app",
                "国网APP", "网上国网客户端", "网上国网软件");
        w.token("VER", version, version, version, version + "版", version + "版", "V" + version, version + "版本",
                version + "版本", "新版本", "最新版");
        String[] fails = {"闪退", "闪退", "闪退", "一打开就闪退", "一打开就闪退", "白屏", "白屏", "一直白屏", "打开是白屏",
            "登录不了", "登录不了", "登陆不了", "登不上去", "人脸识别失败", "人脸识别失败", "人脸识别一直过不了",
            "人脸识别通不过", "闪退白屏"};
        w.token("FAIL", fails);
        w.token("FAIL2", "登录也登不上", "余额看不到了", "账单打不开", "交费页面一直转圈", "人脸识别也过不了",
                "户号都没了");
        w.token("PHONE", "华为", "苹果", "小米", "OPPO", "vivo", "荣耀", "红米", "三星");
        w.cores("«APP»更新到«VER»以后«FAIL»", "«APP»升级成«VER»就«FAIL»了", "手机上的«APP»自动更新了，现在«FAIL»",
                "«APP»«FAIL»，交不了电费", "«APP»一更新就«FAIL»，卸了重装也不行", "新版«APP»«FAIL»，是不是{YOU}版本有问题",
                "«APP»今天«FAIL»，{I}用的«PHONE»手机", "用«APP»交电费，«FAIL»，换了个手机也一样",
                "«VER»这个版本«FAIL»，{YOU}测过没有{Q}", "«APP»更新完«FAIL»，«FAIL2»", "想在«APP»上交个电费，结果«FAIL»",
                "«APP»«FAIL»好几次了", "更新«VER»后«APP»«FAIL»", "{I}家«APP»«FAIL»，户号里的余额都看不到",
                "«APP»打不开了，«FAIL»", "«APP»«VER»«FAIL»{Q}？", "最近«APP»«FAIL»，{HOW}回事", "{T}更新的«APP»，«FAIL»",
                "«APP»«FAIL»，{WHY}弄成这样");
        w.blurts("«APP»又«FAIL»了", "«APP»«FAIL»！", "«VER»«FAIL»", "«APP»用不了了", "«APP»{HOW}«FAIL»了");
        w.details("卸载重装了{SMALLN}次还是不行", "手机重启了也没用", "流量和WiFi都试了", "旧版本的时候好好的",
                "{HERE}好几个人都这样", "邻居手机上也一样", "{PERSON}就靠这个交电费", "绑定的户号也看不到了",
                "登录时提示网络异常", "一直在转圈圈", "提示系统繁忙", "客服电话也打不进去", "电费还等着交呢",
                "账户里{MSMALL}块钱的余额也看不到了", "«PHONE»手机", "清了缓存也不行");
        w.demands("赶紧修复一下", "把旧版本恢复过来", "出个能用的版本", "告诉{I}现在{HOW}交电费", "发个通知说一下",
                "看看是不是系统出问题了", "尽快把«APP»修好");
        w.hashtags("#网上国网#", "#网上国网闪退#", "#国家电网#");
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < counties.size(); c++) {
            all.add(c);
        }
        int day = freeDay(all, Topic.PAYMENT_CHANNEL, 2, false);
        long start = sim.startMillis() + day * DAY + (7 + random.nextInt(4)) * HOUR;
        long span = (24 + random.nextInt(25)) * HOUR;
        Incident incident = theme("app_version_failure", sim.regions().provinceCode(), "PROVINCE",
                List.of("网上国网", version, "闪退", "白屏", "登录不了", "人脸识别"));
        // Spread over the whole province, more where more people live, so no county stands out.
        plant(incident, all, 0.8, size, start, span, Topic.PAYMENT_CHANNEL, w, null,
                hints(0.5, "PAYMENT_CHANNEL", 0.5, "OTHER", 0.4, "BUSINESS_PROCESS", 0.1));
        incident.note = String.format("网上国网 %s fails after an update (闪退/白屏/登录不了/人脸识别失败) province-wide: %d"
                + " customers in %d counties", version, incident.complaintIds.size(), countiesOf(incident));
    }

    private static final String[][] FEES = {
        {"线路维护费", "线路费"}, {"表箱占用费", "表箱费"}, {"电网维护费", "维护费"}, {"计量服务费", "计量费"},
        {"线损分摊费", "线损费"}, {"电表租赁费", "电表租金"}
    };

    /** A new fee appears on the bills of one city's counties. */
    private void newFee(int size) {
        String[] fee = FEES[random.nextInt(FEES.length)];
        int amount = new int[] {8, 10, 12, 15, 20, 25, 30}[random.nextInt(7)];
        Wording w = new Wording();
        w.token("FEE", fee[0], fee[0], fee[0], fee[0], fee[0], "什么" + fee[0], fee[1]);
        w.token("AMT", amount + "元", amount + "元", amount + "块", amount + "块钱",
                ComplaintTexts.chineseNumber(amount) + "块", amount + ".00元");
        w.token("BILL", "电费单", "账单", "电费账单", "缴费通知", "电费短信", "网上国网上的账单", "电费清单", "发票");
        w.cores("«BILL»上多了一项«FEE»，«AMT»，这是啥", "这个月«BILL»上有个«FEE»，以前从来没有", "凭{WHAT}收«FEE»？",
                "«FEE»«AMT»是谁定的", "电费里多扣了«AMT»的«FEE»", "«FEE»是{WHAT}费？有文件吗",
                "{I}家电费多出来«AMT»，一看是«FEE»", "«BILL»里冒出个«FEE»，{I}{NOTHAVE}同意过",
                "{HERE}家家户户都被收了«FEE»", "收«FEE»有依据吗，«AMT»也是钱", "«FEE»每个月«AMT»，这不是乱收费吗",
                "咨询一下«FEE»是{HOW}回事", "«BILL»上的«FEE»能不能退", "突然多了个«FEE»，问营业厅也说不清",
                "«FEE»«AMT»，{YOU}{ALWAYS}乱收费");
        w.blurts("«FEE»是啥？", "凭啥收«FEE»", "又多了个«FEE»", "«FEE»«AMT»！", "«FEE»{WHAT}鬼");
        w.details("邻居家也有这一项", "整个小区都收了", "问了营业厅说是上面定的", "电价没变{HOW}多了一项",
                "从来没听说过这个费", "{I}一个月才用{KWHSMALL}度电", "上个月还没有", "也没人通知", "短信里写的«FEE»«AMT»",
                "{PERSON}看不懂账单来问{I}", "钱已经从卡里扣走了");
        w.demands("把«FEE»退了", "给个收费依据", "公示收费文件", "取消这个费", "解释一下«FEE»", "把多收的钱退回来");
        w.hashtags("#乱收费#", "#电费太贵#", "#«FEE»#");
        List<String> cities = new ArrayList<>();
        for (String city : sim.regions().cityCodes()) {
            if (counties.stream().filter(c -> c.cityCode().equals(city)).count() >= 4) {
                cities.add(city);
            }
        }
        String city = cities.get(random.nextInt(cities.size()));
        List<Integer> members = new ArrayList<>();
        for (int c = 0; c < counties.size(); c++) {
            if (counties.get(c).cityCode().equals(city)) {
                members.add(c);
            }
        }
        int day = freeDay(members, Topic.BILLING_DISPUTE, 3, true);
        long start = sim.startMillis() + day * DAY + (8 + random.nextInt(6)) * HOUR;
        long span = (24 + random.nextInt(37)) * HOUR;
        Incident incident = theme("new_fee", city, "CITY", List.of(fee[0], amount + "元"));
        // The fee is on every bill of the city: complaints from all its counties, the big ones not dominating.
        plant(incident, members, 0.4, size, start, span, Topic.BILLING_DISPUTE, w, null,
                hints(0.55, "BILLING_DISPUTE", 0.55, "OTHER", 0.35, "PAYMENT_CHANNEL", 0.1));
        incident.note = String.format("a new fee %s (%d元) on the bills of %s: %d customers in %d counties", fee[0],
                amount, sim.regions().cityName(city), incident.complaintIds.size(), countiesOf(incident));
    }

    /** People posing as utility staff collect money door to door in one county. */
    private void impersonation(int size) {
        Wording w = new Wording();
        w.token("WHO", "冒充电力工作人员的", "冒充电力工作人员的", "冒充电力工作人员的", "冒充供电所的", "自称供电所的",
                "说是电力公司的", "穿着电力工作服的", "假冒国家电网的", "冒充电工的");
        w.token("PRETEXT", "换表", "换表", "换表", "换智能电表", "更换电表", "检查线路", "电表改造", "安全检查", "换电表箱");
        w.token("MONEY", "收了{MSMALL}块钱", "要{I}交{MSMALL}元", "让扫码付了{MSMALL}块", "收了两百块", "收了换表费{MSMALL}元",
                "要交{MBIG}块的改造费", "收了{MSMALL}块的材料费");
        w.cores("有«WHO»人上门说要«PRETEXT»，«MONEY»", "{T}来了两个«WHO»人，以«PRETEXT»为名上门收费",
                "«WHO»人挨家挨户上门收费", "{I}家被骗了，«WHO»人说«PRETEXT»要交钱，«MONEY»",
                "问一下{YOU}是不是派人上门«PRETEXT»收费了", "{HERE}有人冒充电力工作人员上门收费，大家注意",
                "以«PRETEXT»为名上门收钱的是不是骗子", "«WHO»人来{I}家说要«PRETEXT»，«MONEY»，后来才知道是假的",
                "有人冒充{YOU}的人上门«PRETEXT»，«MONEY»", "上门«PRETEXT»还要收钱{Q}？来的人说是供电所的",
                "«WHO»骗子上门收费，{PERSON}上当了", "有«WHO»人上门«PRETEXT»收钱", "«WHO»人以«PRETEXT»为名骗钱");
        w.blurts("有人冒充电工上门收费！", "«WHO»骗子来了", "上门«PRETEXT»收钱是真的吗", "冒充电力的骗子又来了");
        w.details("没有工作证", "穿的蓝色工作服", "开着一辆面包车", "好几家都交了钱", "打{YOU}电话才知道不是{YOU}的人",
                "已经报警了", "收据上没有盖章", "专门挑老人在家的时候来", "说不交钱就停电", "还让扫二维码付款",
                "说是智能电表要升级", "«MONEY»");
        w.demands("查一下这是什么人", "提醒一下大家", "帮忙把钱追回来", "发个通知别让老人上当", "核实一下有没有这回事");
        w.hashtags("#防骗#", "#冒充电力工作人员#", "#国家电网#");
        int c = sim.pickCounty(random, 0.5);
        int day = freeDay(List.of(c), Topic.OTHER, 2, true);
        long start = sim.startMillis() + day * DAY + (8 + random.nextInt(8)) * HOUR + random.nextInt(60) * MINUTE;
        long span = (8 + random.nextInt(33)) * HOUR;
        themeCounties.add(counties.get(c).code());
        Incident incident = theme("impersonation_scam", counties.get(c).code(), "COUNTY",
                List.of("冒充", "上门收费", "换表", "骗子"));
        // The callers often live in one compound or village the fraudsters went round.
        String place = random.nextDouble() < 0.6 ? ComplaintTexts.place(random) : null;
        plant(incident, List.of(c), 1, size, start, span, Topic.OTHER, w, place,
                hints(0.5, "OTHER", 0.5, "SERVICE_CONDUCT", 0.3, "SMART_METER", 0.2));
        incident.note = String.format("people posing as utility staff collect money (%s) in %s: %d customers",
                place == null ? "冒充电力工作人员上门收费" : place, counties.get(c).name(), incident.complaintIds.size());
    }

    private Incident theme(String scenario, String regionCode, String level, List<String> terms) {
        Incident incident = new Incident(String.format("EM-%02d", ++themeSeq), "EMERGING_ISSUE", scenario);
        incident.regionCode = regionCode;
        incident.regionLevel = level;
        incident.terms.addAll(terms);
        return incident;
    }

    /**
     * {@code size} complaints from as many distinct customers of {@code members} (drawn by weight^power), over
     * {@code span} from {@code start}: the word spreads over the first hours and fades, few complain at night.
     */
    private void plant(Incident incident, List<Integer> members, double power, int size, long start, long span,
            Topic topic, Wording wording, String place, Simulator.CategoryFor hints) {
        List<Long> times = new ArrayList<>();
        while (times.size() < size) {
            double x = random.nextDouble();
            long at = start + (long) (x * span) / MINUTE * MINUTE;
            int hour = (int) (((at - sim.startMillis()) % DAY) / HOUR);
            double shape = Math.min(1.0, x / 0.15 + 0.1) * (1 - 0.6 * x);
            if (at < sim.endMillis() - HOUR && random.nextDouble() < shape * Simulator.HOUR_PROFILE[hour] / 1.8) {
                times.add(at);
            }
        }
        times.sort(null);
        double total = 0;
        for (int c : members) {
            total += Math.pow(sim.weight(c), power);
        }
        Set<String> customers = new HashSet<>();
        for (long at : times) {
            double r = random.nextDouble() * total;
            int county = members.get(members.size() - 1);
            for (int c : members) {
                r -= Math.pow(sim.weight(c), power);
                if (r < 0) {
                    county = c;
                    break;
                }
            }
            String customer;
            do {
                customer = sim.newCustomer(random, county);
            } while (!customers.add(customer));
            ComplaintTexts.Scene scene = new ComplaintTexts.Scene(place, false, 0);
            SimComplaint complaint = sim.addComplaint(random, county, topic, at, customer, incident.id,
                    (channel, hashtag) -> ComplaintTexts.writeTheme(wording.grammar(textRandom), textRandom, scene,
                            channel, hashtag), hints);
            incident.complaintIds.add(complaint.complaintId());
        }
        incident.start = times.get(0);
        incident.end = times.get(times.size() - 1);
        themeSpans.add(new long[] {incident.start, incident.end});
        sim.addIncident(incident);
        // The theme's complaints are also a rise of the topic they are read as: a surge alert there is not wrong.
        Incident surge = new Incident(incident.id + "-CS", "COMPLAINT_SURGE", incident.scenario);
        surge.regionCode = incident.regionCode;
        surge.regionLevel = incident.regionLevel;
        surge.start = incident.start;
        surge.end = incident.end;
        surge.optional = true;
        surge.note = "the complaints of emerging theme " + incident.id + " may also raise a surge of the topic they"
                + " are read as; optional";
        sim.addIncident(surge);
    }

    /** Agents file a theme under OTHER or the nearest topic; {@code share} of the complaints carry a hint. */
    private static Simulator.CategoryFor hints(double share, Object... codeAndWeight) {
        return (r, topic) -> {
            if (r.nextDouble() >= share) {
                return null;
            }
            double u = r.nextDouble();
            for (int i = 0; i + 1 < codeAndWeight.length; i += 2) {
                u -= (Double) codeAndWeight[i + 1];
                if (u < 0) {
                    return (String) codeAndWeight[i];
                }
            }
            return (String) codeAndWeight[0];
        };
    }

    private long countiesOf(Incident incident) {
        return incident.complaintIds.stream().map(id -> id.substring(10, 16)).distinct().count();
    }

    /**
     * A day whose theme (2–3 days from there) keeps {@link #THEME_GAP} from every other theme, preferably without
     * an injected incident in its counties or a rise of its topic; reserves the counties' days.
     */
    private int freeDay(List<Integer> members, Topic topic, int spanDays, boolean reserveCounties) {
        int latest = Math.max(firstDay + 1, Math.min(lastDay, sim.days() - spanDays));
        int fallback = -1;
        for (int tries = 0; tries < 500; tries++) {
            int day = firstDay + random.nextInt(latest - firstDay);
            long from = sim.startMillis() + day * DAY;
            long to = from + (spanDays + 1) * DAY;
            boolean apart = themeSpans.stream().allMatch(s -> to + THEME_GAP <= s[0] || from >= s[1] + THEME_GAP);
            if (!apart) {
                continue;
            }
            if (fallback < 0) {
                fallback = day;
            }
            boolean free = true;
            for (int d = day - 1; d <= day + spanDays && free; d++) {
                free = !sim.isReserved("topic:" + topic + ":" + d);
                if (reserveCounties) {
                    for (int c : members) {
                        free &= !sim.isReserved(counties.get(c).code() + ":" + d);
                    }
                }
            }
            if (free) {
                fallback = day;
                break;
            }
        }
        int day = fallback >= 0 ? fallback : firstDay + random.nextInt(latest - firstDay);
        // Placeholder span until the complaints are drawn, so the next theme keeps its distance.
        themeSpans.add(new long[] {sim.startMillis() + day * DAY, sim.startMillis() + (day + spanDays + 1) * DAY});
        for (int d = day; d <= day + spanDays; d++) {
            sim.reserve("topic:" + topic + ":" + d);
            if (reserveCounties) {
                for (int c : members) {
                    sim.reserve(counties.get(c).code() + ":" + d);
                }
            }
        }
        return day;
    }

    private int pick(int[] sizes) {
        return sizes[random.nextInt(sizes.length)];
    }

    // ------------------------------------------------------------------------------------------ churn (decoys)

    private static final String[] DEVELOPERS = {"保利", "万科", "碧桂园", "龙湖", "中海", "绿地", "融创", "金辉", "华润", "招商"};
    private static final String[] ESTATES = {"天悦", "云璟", "春风里", "翡翠湾", "锦上", "雲著", "悦府", "滨江府", "和光",
        "时代城"};
    private static final String[] NEW_PLACES = {"高新产业园", "移民安置小区", "物流园", "高铁新城", "易地搬迁安置点",
        "现代农业园", "创业园"};
    private static final String[] PLACE_HEADS = {"东城", "南塬", "北坡", "渭河", "秦岭", "新庄", "石门", "永兴"};

    /**
     * A new housing estate (or a new place: an industrial park, a resettlement site) whose name turns up in more and
     * more ordinary complaints of one county, a few a day for weeks: vocabulary, not an issue.
     */
    private void newName(boolean estate) {
        int c;
        do {
            c = sim.pickCounty(random, 1.0);
        } while (churnCounties.contains(c) || themeCounties.contains(counties.get(c).code()));
        churnCounties.add(c);
        String full;
        List<String> forms = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        if (estate) {
            String dev = DEVELOPERS[random.nextInt(DEVELOPERS.length)];
            String name = ESTATES[random.nextInt(ESTATES.length)];
            full = dev + name;
            Collections.addAll(forms, full, full, full, dev + "·" + name, name + "小区", full + "二期", full + "小区");
            Collections.addAll(terms, full, name + "小区");
        } else {
            full = PLACE_HEADS[random.nextInt(PLACE_HEADS.length)] + NEW_PLACES[random.nextInt(NEW_PLACES.length)];
            Collections.addAll(forms, full, full, full, "新建的" + full);
            terms.add(full);
        }
        int startDay = random.nextInt(Math.max(1, firstDay));
        double plateau = estate ? 2.5 + random.nextDouble() * 2.5 : 1.5 + random.nextDouble() * 1.5;
        int rampDays = 10 + random.nextInt(10);
        Map<Integer, List<Integer>> byDay = ordinaryByDay(c, null);
        List<String> phrases = estate
                ? List.of("我是«E»的业主，", "«E»{N}号楼，", "刚搬到«E»，", "«E»这边", "，地址«E»{N}栋", "（«E»{N}号楼）",
                        "。{I}家在«E»", "«E»{N}单元的，")
                : List.of("«E»这边", "{I}在«E»上班，", "，地址«E»", "（«E»）", "。就在«E»旁边", "«E»{N}号，");
        Incident decoy = churn(estate ? "new_estate" : "new_place", counties.get(c).code(), "COUNTY", terms);
        int mentions = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int d = startDay; d < sim.days(); d++) {
            double expected = plateau * Math.min(1.0, (d - startDay + 1) / (double) rampDays);
            for (int index : chooseSome(byDay.get(d), Simulator.poisson(random, expected))) {
                SimComplaint o = sim.complaintsSoFar().get(index);
                String form = forms.get(textRandom.nextInt(forms.size()));
                String number = Integer.toString(1 + textRandom.nextInt(30));
                sim.replaceComplaint(index, withText(o, nameIn(o, form, estate ? form + number + "号楼" : form,
                        phrases.get(textRandom.nextInt(phrases.size())).replace("«E»", form).replace("{N}", number)
                                .replace("{I}", "我"))));
                mentions++;
                first = Math.min(first, o.receivedAt());
                last = Math.max(last, o.receivedAt());
            }
        }
        finishChurn(decoy, first, last, List.of(counties.get(c).code()), String.format(
                "%s %s appears in ordinary complaints of %s, ramping up to ~%.1f a day over %d days (%d in all);"
                        + " vocabulary churn, no EMERGING_ISSUE", estate ? "new estate" : "new place", full,
                counties.get(c).name(), plateau, rampDays, mentions));
    }

    /** A seasonal word by month: the word and how people work it into a complaint. */
    private static final Map<Integer, List<String>> SEASONAL = new LinkedHashMap<>();

    static {
        List<String> spring = List.of("春灌", "正是春灌的时候", "春灌浇地正忙", "春灌用电高峰", "春灌期间", "马上要春灌了");
        List<String> summer = List.of("高温", "这么高温的天", "连续高温", "高温天气", "高温预警了", "这几天高温");
        List<String> autumn = List.of("秋收", "秋收正忙", "秋收的时候", "正赶上秋收", "秋收烘干粮食", "秋收季节");
        List<String> winter = List.of("春节", "马上过春节了", "春节前", "眼看就春节了", "春节回家", "快过年了春节");
        for (int m = 1; m <= 12; m++) {
            SEASONAL.put(m, m >= 3 && m <= 5 ? spring : m >= 6 && m <= 8 ? summer : m >= 9 && m <= 11 ? autumn
                    : winter);
        }
    }

    /** Ordinary complaints the season's word fits into: supply and bills. */
    private static final Set<Topic> SEASONAL_TOPICS = Set.of(Topic.OUTAGE_FREQUENT, Topic.OUTAGE_NO_NOTICE,
            Topic.OUTAGE_LONG, Topic.REPAIR_SLOW, Topic.VOLTAGE_QUALITY, Topic.BILLING_DISPUTE);

    /** A seasonal word that rises slowly in ordinary complaints all over the province, over weeks. */
    private void seasonalWord() {
        List<String> season = SEASONAL.get(sim.dateOf(sim.days() / 2).getMonthValue());
        String word = season.get(0);
        Map<Integer, List<Integer>> byDay = ordinaryByDay(-1, SEASONAL_TOPICS);
        Incident decoy = churn("seasonal_word", sim.regions().provinceCode(), "PROVINCE", List.of(word));
        int mentions = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int d = 1; d < sim.days(); d++) {
            List<Integer> day = byDay.get(d);
            // Up to 6% of these complaints after 50 days: a few more each day, never a jump.
            double share = Math.min(0.06, 0.0012 * d);
            int k = Simulator.poisson(random, share * (day == null ? 0 : day.size()));
            for (int index : chooseSome(day, k)) {
                SimComplaint o = sim.complaintsSoFar().get(index);
                String clause = season.get(1 + textRandom.nextInt(season.size() - 1));
                String phrase = textRandom.nextBoolean() ? clause + "，" : "，" + clause;
                sim.replaceComplaint(index, withText(o, mention(o.text(), phrase)));
                mentions++;
                first = Math.min(first, o.receivedAt());
                last = Math.max(last, o.receivedAt());
            }
        }
        List<String> everywhere = new ArrayList<>();
        everywhere.addAll(sim.regions().cityCodes());
        counties.forEach(c -> everywhere.add(c.code()));
        finishChurn(decoy, first, last, everywhere, String.format("seasonal word %s rises slowly in ordinary supply and"
                + " billing complaints province-wide (%d in all); vocabulary churn, no EMERGING_ISSUE anywhere", word,
                mentions));
    }

    private Incident churn(String scenario, String regionCode, String level, List<String> terms) {
        Incident decoy = new Incident(String.format("EC-%02d", ++churnSeq), "EMERGING_ISSUE", scenario);
        decoy.regionCode = regionCode;
        decoy.regionLevel = level;
        decoy.decoy = true;
        decoy.expectAlert = false;
        decoy.terms.addAll(terms);
        return decoy;
    }

    /** The decoy's span and what must not fire: EMERGING_ISSUE about its words, at its region and the ones named. */
    private void finishChurn(Incident decoy, long first, long last, List<String> more, String note) {
        if (first == Long.MAX_VALUE) {
            return;
        }
        decoy.start = first;
        decoy.end = last;
        decoy.note = note;
        List<String> regions = new ArrayList<>();
        regions.add(decoy.regionCode);
        if (decoy.regionLevel.equals("COUNTY")) {
            regions.add(RegionCode.cityOf(decoy.regionCode));
            regions.add(RegionCode.provinceOf(decoy.regionCode));
        }
        for (String m : more) {
            if (!regions.contains(m)) {
                regions.add(m);
            }
        }
        for (String code : regions) {
            decoy.mustNotFire.add(new Incident.MustNotFire("EMERGING_ISSUE", code, RegionCode.levelOf(code).name(), null,
                    first, last, List.copyOf(decoy.terms)));
        }
        sim.addIncident(decoy);
    }

    /** Ordinary (not injected) complaints by day, of one county ({@code -1}: all) and some topics ({@code null}: all). */
    private Map<Integer, List<Integer>> ordinaryByDay(int county, Set<Topic> topics) {
        Map<Integer, List<Integer>> byDay = new HashMap<>();
        String code = county < 0 ? null : counties.get(county).code();
        List<SimComplaint> all = sim.complaintsSoFar();
        for (int i = 0; i < all.size(); i++) {
            SimComplaint c = all.get(i);
            if (c.incidentId() == null && (code == null || code.equals(c.regionCode()))
                    && (topics == null || topics.contains(c.topic()))) {
                int d = (int) ((c.receivedAt() - sim.startMillis()) / DAY);
                byDay.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
            }
        }
        return byDay;
    }

    /** Up to {@code k} of {@code from}, drawn without replacement. */
    private List<Integer> chooseSome(List<Integer> from, int k) {
        if (from == null || k <= 0) {
            return List.of();
        }
        List<Integer> copy = new ArrayList<>(from);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < k && !copy.isEmpty(); i++) {
            out.add(copy.remove(random.nextInt(copy.size())));
        }
        return out;
    }

    /**
     * Works {@code phrase} into an ordinary text: a lead ("xx，") goes in front of a customer's words, a tail (",xx",
     * "（xx）", "。xx") at the end; an agent's record or a framed message (Weibo, app label, web form) only takes
     * tails. Traditional texts get the phrase in traditional characters.
     */
    private static final List<String> AGENT_MARKS = List.of("客户来电", "客户致电", "客户反映", "客户再次来电", "客户多次来电",
            "客户第", "用户来电", "来电人", "重复来电", "客户要求");

    private String mention(String text, String phrase) {
        String p = TraditionalChinese.looksTraditional(text) ? TraditionalChinese.convert(phrase, textRandom) : phrase;
        boolean lead = !p.startsWith("，") && !p.startsWith("。") && !p.startsWith("（");
        boolean framed = text.startsWith("@") || text.startsWith("【") || text.startsWith("#") || text.startsWith("标题")
                || text.startsWith("微信") || text.startsWith("意见反馈") || text.startsWith("APP留言")
                || AGENT_MARKS.stream().anyMatch(text::contains);
        if (lead && !framed) {
            return p + text;
        }
        String tail = lead ? "，" + (p.endsWith("，") ? p.substring(0, p.length() - 1) : p) : p;
        String body = text;
        String end = "";
        while (!body.isEmpty() && "。！？!?…. ".indexOf(body.charAt(body.length() - 1)) >= 0) {
            end = body.charAt(body.length() - 1) + end;
            body = body.substring(0, body.length() - 1);
        }
        if (tail.startsWith("，") && body.isEmpty()) {
            tail = tail.substring(1);
        }
        return body + tail + (end.isEmpty() ? "" : end.substring(end.length() - 1));
    }

    /**
     * The complaint written again by the grammar with the new name as its place, so the name sits where people say
     * where they live; when the grammar happens not to name the place, the name is worked into the old text.
     */
    private String nameIn(SimComplaint o, String form, String place, String phrase) {
        String traditional = TraditionalChinese.convert(form, new Random(0));
        for (int attempt = 0; attempt < 3; attempt++) {
            String text = ComplaintTexts.write(o.topic(), textRandom, new ComplaintTexts.Scene(place, false, 0),
                    o.channel(), "WEIBO".equals(o.channel()) && textRandom.nextBoolean());
            if (text.contains(form) || text.contains(traditional)) {
                return text;
            }
        }
        return mention(o.text(), phrase);
    }

    private static SimComplaint withText(SimComplaint o, String text) {
        return new SimComplaint(o.complaintId(), o.receivedAt(), o.channel(), o.regionCode(), o.stationAreaId(),
                o.feederId(), o.customerId(), o.categoryCode(), text, o.topic(), o.incidentId());
    }

    // ------------------------------------------------------------------------------------------ wording

    /**
     * A theme's wording: paraphrase templates with the theme's own slots («APP», «FEE» …), each filled once per text
     * with one of its variants, then handed to the complaint grammar for voice, framing, typos and script.
     */
    private static final class Wording {
        private final Map<String, String[]> tokens = new LinkedHashMap<>();
        private List<String> cores = List.of();
        private List<String> blurts = List.of();
        private List<String> details = List.of();
        private List<String> demands = List.of();
        private List<String> hashtags = List.of();

        void token(String name, String... variants) {
            tokens.put("«" + name + "»", variants);
        }

        void cores(String... s) {
            cores = List.of(s);
        }

        void blurts(String... s) {
            blurts = List.of(s);
        }

        void details(String... s) {
            details = List.of(s);
        }

        void demands(String... s) {
            demands = List.of(s);
        }

        void hashtags(String... s) {
            hashtags = List.of(s);
        }

        ComplaintTexts.Grammar grammar(Random random) {
            Map<String, String> chosen = new HashMap<>();
            tokens.forEach((k, v) -> chosen.put(k, v[random.nextInt(v.length)]));
            return new ComplaintTexts.Grammar(fill(cores, chosen), fill(blurts, chosen), fill(details, chosen),
                    fill(demands, chosen), List.of(), List.of(), fill(hashtags, chosen));
        }

        private static List<String> fill(List<String> templates, Map<String, String> chosen) {
            List<String> out = new ArrayList<>(templates.size());
            for (String t : templates) {
                String s = t;
                for (Map.Entry<String, String> e : chosen.entrySet()) {
                    s = s.replace(e.getKey(), e.getValue());
                }
                out.add(s);
            }
            return out;
        }
    }
}
