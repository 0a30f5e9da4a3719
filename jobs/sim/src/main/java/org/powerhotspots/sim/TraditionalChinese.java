package org.powerhotspots.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Simplified → traditional Chinese for the characters customers use in complaints (Taiwan/Hong Kong spellings mixed). */
public final class TraditionalChinese {

    private static final String PAIRS =
            "业業东東两兩个個丰豐为為么麼乐樂乱亂从從们們价價会會余餘偿償儿兒关關兴興写寫冲衝决決准準几幾凤鳳划劃"
            + "刘劉刚剛别別办辦务務动動区區华華协協单單却卻厂廠厅廳厉厲压壓发發变變号號后後吗嗎启啟员員咨諮响響"
            + "园園围圍国國坏壞块塊声聲处處备備复復够夠头頭学學宝寶实實审審对對尽盡属屬师師帐帳带帶并並庄莊庆慶"
            + "应應开開张張归歸彻徹怀懷态態恶惡户戶扫掃扬揚抢搶报報挡擋损損换換搅攪数數断斷时時显顯机機条條来來"
            + "杨楊枪槍枫楓柜櫃标標树樹样樣档檔桩樁检檢楼樓气氣沟溝没沒涨漲湾灣滨濱灯燈炉爐点點烦煩烧燒热熱爱愛"
            + "现現电電码碼礼禮离離稳穩紧緊红紅纺紡线線组組织織经經绑綁结結给給统統绣繡续續维維绿綠缆纜缴繳网網"
            + "联聯脑腦营營补補装裝见見视視计計订訂让讓设設诉訴试試话話询詢该該说說请請读讀诿諉谁誰调調谢謝谱譜"
            + "负負责責败敗账賬贴貼贵貴费費资資赔賠赵趙赶趕车車转轉较較边邊过過还還这這邻鄰钟鐘钱錢铁鐵银銀铺鋪"
            + "锈鏽错錯锦錦长長门門闪閃问問间間闸閘队隊阳陽阶階险險难難静靜页頁顶頂预預频頻题題额額风風饭飯马馬"
            + "骂罵验驗骗騙认認户戶这這态態发發习習乡鄉买買卖賣亲親场場块塊坝壩岁歲帮幫广廣庙廟厨廚县縣镇鎮乡鄉"
            + "处處灭滅灾災烂爛爷爺状狀独獨猪豬环環电電痒癢盖蓋监監盘盤确確种種积積称稱窝窩笔筆箱箱类類级級纸紙"
            + "细細终終绍紹络絡给給绝絕罗羅职職肤膚胜勝脏髒节節获獲虽雖补補规規览覽讨討记記许許论論证證识識词詞"
            + "译譯诊診询詢误誤语語谈談谓謂豫豫贝貝质質购購贷貸赏賞跃躍践踐轮輪软軟载載辆輛运運进進远遠连連迟遲"
            + "选選递遞邮郵释釋钥鑰铃鈴销銷锁鎖锅鍋键鍵闭閉闹鬧阵陣际際陆陸隐隱随隨雾霧须須顾顧领領频頻饱飽驶駛";

    private static final Map<Character, Character> MAP = new HashMap<>();
    private static final Set<Character> TRADITIONAL_ONLY = new HashSet<>();

    static {
        for (int i = 0; i + 1 < PAIRS.length(); i += 2) {
            MAP.put(PAIRS.charAt(i), PAIRS.charAt(i + 1));
        }
        for (char t : MAP.values()) {
            if (!MAP.containsKey(t)) {
                TRADITIONAL_ONLY.add(t);
            }
        }
        TRADITIONAL_ONLY.add('裡');
        TRADITIONAL_ONLY.add('裏');
        TRADITIONAL_ONLY.add('錶');
    }

    private TraditionalChinese() {}

    /** Converts character by character; a few words take the regional spelling a writer from Taiwan or Hong Kong would use. */
    public static String convert(String simplified, Random random) {
        String text = simplified;
        if (random.nextBoolean()) {
            text = text.replace("电表", "電錶").replace("台", "臺");
        }
        char inner = random.nextBoolean() ? '裡' : '裏';
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '里' && (i == 0 || text.charAt(i - 1) != '公')) {
                out.append(inner);
            } else {
                out.append(MAP.getOrDefault(c, c));
            }
        }
        return out.toString();
    }

    /** True if the text holds at least one character this converter would have changed back. */
    public static boolean looksTraditional(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (TRADITIONAL_ONLY.contains(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
