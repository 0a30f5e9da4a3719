package org.powerhotspots.sim;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.powerhotspots.domain.Topic;

/**
 * Writes 95598-style complaint texts the way customers say or type them: templates per topic, slot fillers,
 * colloquial openings and closings, Shaanxi dialect, input-method typos, contrasts, a second topic now and then.
 */
public final class ComplaintTexts {

    /** What a text may be about beyond its topic: a shared place name makes a surge look like one. */
    public record Scene(String place, boolean repeatCaller, int callNumber) {
        public static Scene none() {
            return new Scene(null, false, 0);
        }
    }

    private static final Map<Topic, List<String>> TEMPLATES = new EnumMap<>(Topic.class);
    private static final Map<Topic, List<String>> SECOND_TOPIC_CLAUSES = new EnumMap<>(Topic.class);

    static {
        TEMPLATES.put(Topic.OUTAGE_FREQUENT, List.of(
                "{P}这个月已经停了{N}电了，三天两头停电，到底咋回事？",
                "我们{P}最近老是停电，{T}又停了，冰箱里的东西都坏了。",
                "{P}频繁停电，一个礼拜停了{N}，{A}都快烧坏了，请供电公司查查线路。",
                "反映一下，{P}经常停电，白天停晚上也停，生活没法过了。",
                "{I}们村{T}又停电了，这个月第{K}回了，老这样谁受得了。",
                "{P}隔三差五就断电，来电一会儿又跳闸，是不是变压器有问题？",
                "最近一段时间{P}停电太频繁了，{A}用不成，娃写作业都没灯。",
                "又停电了！{P}一周停了{N}，能不能彻底修好？",
                "{T}到现在停了{N}电，一会有一会没有，{A}反复断电受不了。",
                "这一片老停电，不是欠费，邻居家也停，{P}，一个月好几回了。"));
        TEMPLATES.put(Topic.OUTAGE_NO_NOTICE, List.of(
                "{P}{T}突然停电，事先一点通知都没有，也没看到公告。",
                "停电前为啥不提前通知？{P}{T}停了{D}，我们啥准备都没有。",
                "网上国网上说停电到下午三点，结果到晚上还没来电，停电信息根本不准。",
                "{P}计划停电没贴通知，短信也没收到，{A}里的东西全坏了。",
                "你们通知说明天停电，结果今天就停了，时间都对不上。",
                "停电通知只贴在村委会，我们根本看不到，{P}好多人都不知道要停电。",
                "没有任何预告就停电了，店里的{A}都停了，损失谁负责？",
                "检修停电也不提前说一声，{T}{I}正做饭呢，一下就没电了。"));
        TEMPLATES.put(Topic.OUTAGE_LONG, List.of(
                "{P}从{T}停电到现在已经{D}了，到底啥时候来电？",
                "停电{D}了还没恢复，{A}里的肉都臭了，麻烦问一下什么时候送电。",
                "说好的两个小时来电，现在都{D}了还是没电。",
                "{P}停电时间太长了，{D}了，老人娃娃热得受不了。",
                "一停就是{D}，啥时候能恢复供电？{P}这边一片都黑着。",
                "送电一直拖，说是今天中午送电，到现在还没动静，{P}。",
                "{T}开始停电，一直没来，已经{D}了，{A}用不了。"));
        TEMPLATES.put(Topic.REPAIR_SLOW, List.of(
                "{T}就报修了，到现在都{D}了抢修的人还没来。",
                "{P}停电报修好几个小时了，打了{N}电话，一直说在路上。",
                "抢修太慢了，{P}线路断了一晚上没人管。",
                "报修以后没人联系{I}，{D}了也不见维修师傅上门。",
                "你们抢修人员啥时候到？{P}这边已经等了{D}。",
                "故障报了{N}，工单一直显示处理中，人没来。",
                "保险烧了报修，说一个小时到，等了{D}还没人影。"));
        TEMPLATES.put(Topic.VOLTAGE_QUALITY, List.of(
                "{P}电压太低了，{A}带不动，灯一闪一闪的。",
                "晚上电压不稳，{A}老是自动关机，{P}好多家都这样。",
                "电压忽高忽低，家里{A}都烧坏了，谁来赔？",
                "{P}一到晚上电压就低，空调开不起来，只有一百七八十伏。",
                "我们这里电压不够，水泵抽不上水，{T}开始就这样。",
                "灯泡忽明忽暗的，是不是电压有问题？{P}。",
                "没有停电，就是电压低，{A}启动不了，{P}。"));
        TEMPLATES.put(Topic.SMART_METER, List.of(
                "家里的电表{T}开始一直跳闸，推上去又掉，{P}。",
                "智能电表屏幕不亮了，也看不到余额，{P}。",
                "新换的智能电表走得特别快，{A}都没开，一天走好几个字。",
                "电表显示的读数和账单上的对不上，怀疑表有问题，申请校验。",
                "电表一直滴滴响报警，屏幕上显示通信故障。",
                "不是停电，是{I}家电表坏了，别的家都有电。",
                "{P}的电表箱锈了，表计数字看不清，电表是不是该换了？",
                "表换了以后电费蹭蹭涨，这个智能表准不准？",
                "电能表上的灯一直闪红灯，是不是计量有问题？"));
        TEMPLATES.put(Topic.BILLING_DISPUTE, List.of(
                "这个月电费{M}元，比上个月多了一倍，家里就两个人，不可能用这么多。",
                "电费账单不对，抄表数跟电表上的不一样，是不是抄错了？",
                "{T}收到短信说电费{M}块，平时才一百多，麻烦核实一下。",
                "阶梯电价怎么算的？这个月突然就到第三档了，电费高得离谱。",
                "抄表员根本没来过，电费是估出来的，{P}。",
                "电费明显偏高，要求重新核算，把多收的钱退了。",
                "{I}家空房子没人住，怎么还有{M}元电费？",
                "电价调了以后电费贵了好多，{M}元，谁家用得起？"));
        TEMPLATES.put(Topic.ARREARS_DISCONNECTION, List.of(
                "就欠了几十块电费就给停电了，也没提前催费。",
                "{I}已经把欠费交了，{D}了还没复电，赶紧给恢复一下。",
                "缴清电费后一直没送电，{P}，户号是{I}爸的名字。",
                "欠费停电前没收到任何提醒，直接就断了。",
                "交了费为啥还是没电？说是自动复电，等了{D}了。",
                "余额不足就停电，晚上十点给停了，家里有老人，这合理吗？"));
        TEMPLATES.put(Topic.PAYMENT_CHANNEL, List.of(
                "微信上交电费一直显示失败，钱扣了电费没到账。",
                "网上国网缴费页面打不开，交不上电费。",
                "营业厅排队排了{D}，就一个窗口办缴费。",
                "银行代扣电费扣了两次，{M}元，麻烦退一下。",
                "支付宝交电费提示系统繁忙，试了{N}都不行。",
                "村里的代收点关了，老人不会用手机，交电费太难了。",
                "缴费成功了但是余额没变，还提示欠费。",
                "交电费的时候付款成功了，订单却显示失败，钱到哪去了？"));
        TEMPLATES.put(Topic.SERVICE_CONDUCT, List.of(
                "营业厅工作人员态度太差，问两句就不耐烦。",
                "抄表员说话很冲，还骂人，要求处理。",
                "打95598等了半天没人接，接通了客服也说不清楚。",
                "维修师傅上门乱收费，还不给开票。",
                "工作人员推诿扯皮，让{I}跑了{N}还没办好。",
                "抢修人员来了态度恶劣，说不归他们管。",
                "电费倒是没问题，就是营业厅的人爱答不理的，服务太差。"));
        TEMPLATES.put(Topic.BUSINESS_PROCESS, List.of(
                "申请新装电表一个多月了还没装，{P}。",
                "办理过户手续要跑好几趟，材料要求也不一次说清楚。",
                "申请增容到现在没人联系。",
                "想把电费户名改成{I}的名字，需要带啥资料？",
                "商铺要开业，报装用电流程太慢了。",
                "申请峰谷电价怎么办理？",
                "新房子报装用电，交了资料两个礼拜了还在审核。"));
        TEMPLATES.put(Topic.CONSTRUCTION_IMPACT, List.of(
                "供电公司在{P}门口挖沟埋电缆，挖了一个月都没回填，出门都难。",
                "施工队半夜施工，噪音太大，影响休息。",
                "电力施工把路面挖坏了没人修，{P}。",
                "线路改造说好一个礼拜完工，现在拖了快一个月了。",
                "立电杆占了{I}家地，也没人来商量赔偿。",
                "{P}电缆施工围挡占了半条路，工期一拖再拖。"));
        TEMPLATES.put(Topic.SAFETY_HAZARD, List.of(
                "{P}有根电线垂得很低，快碰到人头了，太危险了。",
                "电线杆歪了，刮风的时候晃得厉害，怕倒下来。",
                "变压器旁边一直有火花，还有滋滋声，{P}。",
                "电表箱漏电，摸了一下手麻，{P}。",
                "电线和树枝搅在一起，下雨天冒火花，赶紧派人处理。",
                "配电箱门掉了，线都露在外面，娃娃经常在这耍。"));
        TEMPLATES.put(Topic.EV_CHARGING, List.of(
                "{P}的充电桩坏了好几天了，扫码充不上电。",
                "申请安装私人充电桩，物业不同意，供电公司能不能协调？",
                "充电桩充一半就自动断了，钱还扣了。",
                "充电站的桩一半都是坏的，排队排了{D}。",
                "新能源车充电桩报装多久能装好？"));
        TEMPLATES.put(Topic.DISTRIBUTED_ENERGY, List.of(
                "家里装的光伏发电并网申请交了两个月还没批。",
                "光伏发电的补贴电费好几个月没到账。",
                "屋顶光伏并网以后逆变器老是报电压高，发不了电。",
                "想装分布式光伏，需要准备哪些材料？",
                "光伏上网电量结算不对，少算了。"));
        TEMPLATES.put(Topic.OTHER, List.of(
                "{I}想问一下营业厅几点下班？",
                "咨询一下电费发票怎么开？",
                "请问居民用电峰谷时段是怎么划分的？",
                "家里要装修，想问问电线怎么走比较安全。",
                "咨询一下，电费账户的联系电话怎么改？",
                "谢谢你们上次的师傅，服务很好，表扬一下。",
                "打错了，不好意思。",
                "有个陌生人打电话说是供电局的，让{I}转账，是不是骗子？",
                "问一下网上国网怎么绑定户号？",
                "{P}路灯不亮了，这个归你们管吗？",
                "请问电力公司招聘的事找谁？"));

        SECOND_TOPIC_CLAUSES.put(Topic.REPAIR_SLOW, List.of("报修了也没人来", "打了报修电话半天没人管"));
        SECOND_TOPIC_CLAUSES.put(Topic.BILLING_DISPUTE, List.of("电费还特别高", "这个月电费也不对"));
        SECOND_TOPIC_CLAUSES.put(Topic.SERVICE_CONDUCT, List.of("打客服电话态度还不好", "工作人员爱答不理"));
        SECOND_TOPIC_CLAUSES.put(Topic.OUTAGE_NO_NOTICE, List.of("停电也没人通知", "事先也没个通知"));
        SECOND_TOPIC_CLAUSES.put(Topic.VOLTAGE_QUALITY, List.of("来了电电压也低", "电压还不稳"));
        SECOND_TOPIC_CLAUSES.put(Topic.SMART_METER, List.of("电表也老跳", "电表也不准"));
    }

    private static final List<String> PLACES_URBAN = List.of(
            "幸福家园", "阳光小区", "锦绣花园", "翠华苑", "金色港湾", "枫林绿洲", "曲江花园", "凤城新村", "丰庆小区",
            "南关新村", "电厂家属院", "纺织城家属院", "铁路新村", "建设路", "人民路", "解放路", "长乐路", "文化街",
            "东大街", "滨河花园", "御景华庭", "城南新区", "学府小区", "兴庆小区");
    private static final List<String> PLACES_RURAL = List.of(
            "王家村", "李家堡", "张家寨", "刘家沟", "杨家湾", "马家河", "东关村", "西坡村", "北塬村", "南堡子",
            "赵家庄", "高家坪", "白杨村", "红旗村", "柳树湾");
    private static final List<String> TIMES = List.of(
            "昨天晚上", "今天早上", "今天上午", "中午", "前天", "这两天", "上个礼拜", "早上八点", "凌晨两点多",
            "昨天下午四点", "今天下午", "刚才", "晚上七点多");
    private static final List<String> DURATIONS = List.of(
            "三个小时", "五六个小时", "一整天", "十几个小时", "一晚上", "两天", "大半天", "四个多小时", "七八个钟头");
    private static final List<String> APPLIANCES = List.of(
            "冰箱", "空调", "电脑", "热水器", "水泵", "电视", "洗衣机", "电磁炉", "冰柜", "电暖气", "路由器", "制氧机");
    private static final List<String> TIMES_COUNT = List.of("三次", "四次", "好几次", "五六次", "三回", "好多次");
    private static final List<String> ORDINALS = List.of("三", "四", "五", "六");
    private static final List<String> OPENINGS = List.of(
            "", "", "", "你好，", "喂，你好，", "您好，", "师傅你好，", "我反映个问题，", "麻烦问一下，", "我要投诉，", "喂喂，");
    private static final List<String> CLOSINGS = List.of(
            "", "", "", "请尽快处理。", "希望尽快给个答复。", "麻烦你们赶紧派人来看看。", "这都啥事嘛！",
            "再不解决我就打12345了。", "谢谢。", "急！！", "请给个说法。");
    private static final List<String[]> TYPOS = List.of(
            new String[] {"反映", "反应"}, new String[] {"已经", "以经"}, new String[] {"抢修", "枪修"},
            new String[] {"现在", "现再"}, new String[] {"停电", "停点"}, new String[] {"缴费", "交费"},
            new String[] {"账单", "帐单"}, new String[] {"电表", "电标"}, new String[] {"什么", "神马"},
            new String[] {"怎么", "咋"}, new String[] {"维修", "维休"}, new String[] {"的", "滴"});

    private ComplaintTexts() {}

    /** A text whose main subject is {@code topic}. */
    public static String write(Topic topic, Random random, Scene scene) {
        List<String> templates = TEMPLATES.get(topic);
        String body = templates.get(random.nextInt(templates.size()));
        if (random.nextDouble() < 0.08 && topic != Topic.OTHER) {
            // A customer who has two problems mentions both.
            Topic second = List.copyOf(SECOND_TOPIC_CLAUSES.keySet())
                    .get(random.nextInt(SECOND_TOPIC_CLAUSES.size()));
            if (second != topic) {
                List<String> clauses = SECOND_TOPIC_CLAUSES.get(second);
                String clause = clauses.get(random.nextInt(clauses.size()));
                body = stripEnd(body) + "，" + clause + "。";
            }
        }
        String speaker = random.nextDouble() < 0.15 ? "额" : "我";
        String place = scene.place() != null && random.nextDouble() < 0.75 ? scene.place() : place(random);
        String text = body
                .replace("{P}", place)
                .replace("{T}", pick(TIMES, random))
                .replace("{D}", pick(DURATIONS, random))
                .replace("{A}", pick(APPLIANCES, random))
                .replace("{N}", pick(TIMES_COUNT, random))
                .replace("{K}", pick(ORDINALS, random))
                .replace("{M}", Integer.toString(200 + random.nextInt(1300)))
                .replace("{I}", speaker);
        String opening = pick(OPENINGS, random).replace("我", speaker);
        String closing = pick(CLOSINGS, random);
        if (scene.repeatCaller() && scene.callNumber() >= 2) {
            opening = (random.nextBoolean() ? "这是我第" + chineseNumber(scene.callNumber()) + "次打电话了，"
                    : "上次反映的问题还没解决，") + opening;
        }
        text = opening + text + closing;
        if (random.nextDouble() < 0.08) {
            String[] typo = TYPOS.get(random.nextInt(TYPOS.size()));
            text = text.replaceFirst(typo[0], typo[1]);
        }
        if (random.nextDouble() < 0.05) {
            text = text.replace('，', ',').replace("。", "");
        }
        return text;
    }

    /** A residential compound, street or village with a building or group number. */
    public static String place(Random random) {
        if (random.nextDouble() < 0.6) {
            String p = pick(PLACES_URBAN, random);
            return p.endsWith("路") || p.endsWith("街") ? p + (1 + random.nextInt(300)) + "号"
                    : p + (1 + random.nextInt(30)) + "号楼";
        }
        return pick(PLACES_RURAL, random) + chineseNumber(1 + random.nextInt(9)) + "组";
    }

    static String chineseNumber(int n) {
        String[] digits = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
        if (n <= 10) {
            return digits[n];
        }
        if (n < 20) {
            return "十" + digits[n - 10];
        }
        return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]);
    }

    private static String stripEnd(String s) {
        while (!s.isEmpty() && "。！？!?".indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String pick(List<String> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }
}
