package dev.edgevm.embedded.internal.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ("100m", "2", "64Gi", "2056M", "1e3") as exact decimals in base
 * units: cores for cpu, bytes for memory and hugepages, counts for devices.
 */
public final class Quantity {

  private static final Pattern FORMAT = Pattern.compile("^([+-]?[0-9.]+)([eE][+-]?[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$");
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("m", new BigDecimal("0.001")),
      Map.entry("k", BigDecimal.TEN.pow(3)),
      Map.entry("M", BigDecimal.TEN.pow(6)),
      Map.entry("G", BigDecimal.TEN.pow(9)),
      Map.entry("T", BigDecimal.TEN.pow(12)),
      Map.entry("P", BigDecimal.TEN.pow(15)),
      Map.entry("E", BigDecimal.TEN.pow(18)),
      Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
      Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
      Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
      Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
      Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
      Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private Quantity() {
  }

  /**
   * The value in base units.
   *
   * @throws IllegalArgumentException when the text is not a quantity
   */
  public static BigDecimal parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("quantities must match the regular expression "
          + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', was \"" + text + "\"");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    if (m.group(2) != null) {
      value = value.scaleByPowerOfTen(Integer.parseInt(m.group(2).substring(1)));
    }
    if (m.group(3) != null) {
      value = value.multiply(SUFFIXES.get(m.group(3)));
    }
    return value;
  }

  /** Whether the text parses as a quantity. */
  public static boolean isValid(String text) {
    return text != null && FORMAT.matcher(text.trim()).matches();
  }

  /** A plain rendering: whole numbers as integers, milli-values with an "m" suffix. */
  public static String format(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      return stripped.toBigInteger().toString();
    }
    return value.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).toBigInteger() + "m";
  }
}
