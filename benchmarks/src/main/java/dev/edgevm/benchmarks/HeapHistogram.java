package dev.edgevm.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.ObjectName;

/**
 * The live objects of this JVM, class by class, as {@code jmap -histo:live} shows them: the
 * HotSpot diagnostic command {@code GC.class_histogram} runs a full collection first, so what it
 * counts is what is reachable, not what is merely allocated. The difference of two histograms is
 * the heap retained by what was created between them.
 */
public final class HeapHistogram {

    private final long totalBytes;
    private final Map<String, Long> bytesByClass;

    private HeapHistogram(long totalBytes, Map<String, Long> bytesByClass) {
        this.totalBytes = totalBytes;
        this.bytesByClass = bytesByClass;
    }

    /** Collects garbage and counts what is left. */
    public static HeapHistogram live() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("this JVM has no GC.class_histogram diagnostic command (HotSpot needed)", e);
        }
        long total = 0;
        Map<String, Long> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "   1:   12345   678900  java.lang.String (java.base@17)"  or  "Total   123456   7890000"
            if (f.length >= 4 && f[0].endsWith(":")) {
                byClass.merge(f[3], Long.parseLong(f[2]), Long::sum);
            } else if (f.length == 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            }
        }
        return new HeapHistogram(total, byClass);
    }

    /**
     * A histogram of a settled heap: taken again until two in a row agree within 64 KiB, after
     * the JVM's live threads are down to {@code threads} (clients shut down asynchronously; their
     * event loops hold buffers until they end). Gives up settling after about 10 seconds.
     */
    public static HeapHistogram settled(int threads) throws InterruptedException {
        for (int i = 0; i < 100 && Thread.activeCount() > threads; i++) {
            Thread.sleep(100);
        }
        HeapHistogram previous = live();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(200);
            HeapHistogram next = live();
            if (Math.abs(next.totalBytes - previous.totalBytes) < 64 * 1024) {
                return next;
            }
            previous = next;
        }
        return previous;
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** The classes whose live bytes grew most from {@code before} to this, biggest first. */
    public List<String> topGrowth(HeapHistogram before, int count) {
        return bytesByClass.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(count)
                .map(e -> String.format(java.util.Locale.ROOT, "%,d KiB %s", e.getValue() / 1024, e.getKey()))
                .collect(Collectors.toList());
    }
}
