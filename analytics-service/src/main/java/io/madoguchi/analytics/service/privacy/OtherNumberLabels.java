package io.madoguchi.analytics.service.privacy;

import java.util.regex.Pattern;

/**
 * Whether a number is labelled as something that is not about a person: an order, invoice, ticket, member or
 * tracking number, a product code. A 12-digit tracking number passes the My Number check one time in eleven, and a JAN code
 * the Luhn check one time in ten, and a tracking number written 0349-6673-6650 looks like a phone number; the label
 * just before the number tells them apart.
 */
final class OtherNumberLabels {

    private static final int LOOK_BACK = 24;
    /** The label, then only what ends a label (番号, number, #, a colon): 注文時の電話番号 is a phone number's label. */
    private static final Pattern LABEL = Pattern.compile(
            "(?:注文|受注|発注|伝票|追跡|送り状|配送|受付|会員|請求書|領収書|見積|品番|型番|製品|シリアル|JAN|EAN|ISBN|バーコード"
                    + "|(?i:order|invoice|ticket|tracking|shipment|parcel|serial|sku|gtin|barcode|member))"
                    + "(?:番号|コード|No\\.?|ID|(?i:\\s*(?:number|no\\.?|code|id)))?[\\s:：#は]*$");

    private OtherNumberLabels() {
    }

    static boolean precede(String text, int numberStart) {
        return LABEL.matcher(text.substring(Math.max(0, numberStart - LOOK_BACK), numberStart)).find();
    }
}
