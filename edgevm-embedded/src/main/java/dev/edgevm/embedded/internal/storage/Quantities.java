package dev.edgevm.embedded.internal.storage;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantities ("15Gi", "500M", "1.5Gi") as byte counts. */
public final class Quantities {

  private Quantities() {
  }

  /** The quantity in bytes (rounded up), or -1 when absent or malformed. */
  public static long bytes(String quantity) {
    if (quantity == null || quantity.isBlank()) {
      return -1;
    }
    try {
      BigDecimal amount = Quantity.getAmountInBytes(new Quantity(quantity.trim()));
      return amount.setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return -1;
    }
  }
}
