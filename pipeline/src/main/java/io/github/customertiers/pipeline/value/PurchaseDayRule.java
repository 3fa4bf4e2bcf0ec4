package io.github.customertiers.pipeline.value;

import org.apache.spark.sql.Column;

/**
 * Which customer-days count as purchase days once a customer's transactions of one day are netted
 * (purchases plus refunds of that day). A refund always nets into the day it happens, not into the
 * day of the original purchase, so a day with only refunds has a negative net amount.
 */
public enum PurchaseDayRule {
  /**
   * The default: a day is a purchase day when its net amount is strictly positive. A day whose
   * refunds cancel or exceed its purchases (net &lt;= 0) is not a purchase day.
   */
  POSITIVE_NET_AMOUNT,
  /**
   * A day is a purchase day when its net amount is zero or more. Use it for data where zero-value
   * orders are real purchases (free items): the published CDNOW results count eight customers
   * whose only order was worth $0.00, and can only be reproduced with this rule.
   */
  NON_NEGATIVE_NET_AMOUNT;

  /** A boolean column: true when the day with this net amount is a purchase day (null stays null). */
  public Column isPurchaseDay(Column dayNetAmount) {
    return switch (this) {
      case POSITIVE_NET_AMOUNT -> dayNetAmount.gt(0);
      case NON_NEGATIVE_NET_AMOUNT -> dayNetAmount.geq(0);
    };
  }
}
