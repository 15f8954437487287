package dev.edgevm.embedded.internal.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All randomness of a cluster, derived from its seed. Draws are keyed by what they are for (a
 * name prefix, a request path, ...) and counted per key, so the same sequence of requests for the
 * same objects gets the same names, addresses and faults regardless of how threads interleave.
 */
public final class SeededRandom {

  /** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final long seed;
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  public SeededRandom(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** The next 64 random bits for this key. */
  public long next(String key) {
    long n = counters.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
    return mix(seed ^ hash(key) ^ mix(n + 0x632BE59BD9B4E019L));
  }

  /** The next double in [0, 1) for this key. */
  public double nextDouble(String key) {
    return (next(key) >>> 11) * 0x1.0p-53;
  }

  /** The next int in [0, bound) for this key. */
  public int nextInt(String key, int bound) {
    return (int) Math.floorMod(next(key), (long) bound);
  }

  /** A five-character suffix as Kubernetes appends to generateName, e.g. "x7k2b". */
  public String nameSuffix(String prefix) {
    long bits = next("name:" + prefix) >>> 1;
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(ALPHABET.charAt((int) (bits % ALPHABET.length())));
      bits /= ALPHABET.length();
    }
    return suffix.toString();
  }

  private static long hash(String key) {
    long h = 0xCBF29CE484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001B3L;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
