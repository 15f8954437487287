package dev.edgevm.storage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.core.InvalidSpecException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesystemOverheadTest {

    private static final long MI = 1L << 20;
    private static final long GI = 1L << 30;

    @Test
    void usableSpace_dividesByOnePlusOverhead_andRoundsDownToMebibytes() {
        // 15Gi / 1.06 = 15194459773.58.. -> ceil 15194459774 -> down to 14490 MiB
        assertThat(FilesystemOverhead.cdiDefault().usableSpace(15 * GI)).isEqualTo(14490 * MI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.055", "0.06", "0.1", "0.999", "1"})
    void usableSpace_matchesExactArithmetic_overManySizes(String percent) {
        FilesystemOverhead overhead = FilesystemOverhead.parse(percent);
        BigDecimal divisor = BigDecimal.ONE.add(new BigDecimal(percent));
        for (long requested = MI; requested < 4096 * GI; requested = requested * 3 + 12345) {
            long exact = new BigDecimal(requested).divide(divisor, 0, RoundingMode.CEILING).longValueExact() / MI * MI;
            assertThat(overhead.usableSpace(requested)).as("usable space of %d", requested).isEqualTo(exact);
        }
    }

    /** A --size of 999999999999999999999 is read as Long.MAX_VALUE bytes; the preflight hung on it. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "0.06", "1"})
    @org.junit.jupiter.api.Timeout(5)
    void requiredSpace_ofTheLargestSizes_saturatesInsteadOfOverflowing(String percent) {
        FilesystemOverhead overhead = FilesystemOverhead.parse(percent);
        for (long image : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1000, Long.MAX_VALUE - MI, Long.MAX_VALUE / 2, 1L << 62}) {
            long required = overhead.requiredSpace(image);
            assertThat(required).as("required space of %d", image).isPositive();
            assertThat(required == Long.MAX_VALUE || overhead.usableSpace(required) >= image).as("holds %d", image).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.055", "0.06", "0.5", "1"})
    void requiredSpace_alwaysHoldsTheImage(String percent) {
        FilesystemOverhead overhead = FilesystemOverhead.parse(percent);
        for (long image = 1; image < 4096 * GI; image = image * 5 + 777) {
            long required = overhead.requiredSpace(image);
            assertThat(overhead.usableSpace(required)).as("usable space of the request for %d", image).isGreaterThanOrEqualTo(image);
            assertThat(required).isGreaterThanOrEqualTo(image);
        }
    }

    @Test
    void none_meansTheWholeVolume_alignedToMebibytes() {
        assertThat(FilesystemOverhead.none().usableSpace(10 * GI)).isEqualTo(10 * GI);
        assertThat(FilesystemOverhead.none().usableSpace(10 * GI + 5)).isEqualTo(10 * GI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6%", "0.0555", "1.5", "-0.1", ".06", "abc"})
    void parse_rejectsWhatCdiRejects(String percent) {
        assertThatThrownBy(() -> FilesystemOverhead.parse(percent))
                .isInstanceOfSatisfying(InvalidSpecException.class, e ->
                        assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.path()).isEqualTo("filesystemOverhead")));
    }
}
