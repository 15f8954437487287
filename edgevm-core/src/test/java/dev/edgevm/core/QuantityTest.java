package dev.edgevm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
            "2056M, 2056000000",
            "15Gi, 16106127360",
            "1Ki, 1024",
            "1k, 1000",
            "0.5Gi, 536870912",
            "1e3, 1000",
            "1E9, 1000000000",
            "128974848, 128974848",
            ".5Mi, 524288",
            "2., 2"})
    void parse_validQuantity_givesItsBytes(String text, long bytes) {
        assertThat(Quantity.parse(text).bytes()).isEqualTo(bytes);
    }

    @Test
    void parse_milliCores_keepsTheFraction() {
        assertThat(Quantity.parse("500m").amount()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(Quantity.parse("500m").bytes()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2 Gi", "Gi", "2GB", "2gi", "1.2.3", "--1", "1e", "1e99", "0x10", "2Mib"})
    void parse_malformed_isRejectedWithTheText(String text) {
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(InvalidSpecException.class);
        assertThat(Quantity.tryParse(text)).isEmpty();
    }

    @Test
    void equality_isByAmount_andToStringKeepsTheWrittenForm() {
        assertThat(Quantity.parse("1Gi")).isEqualTo(Quantity.parse("1024Mi"));
        assertThat(Quantity.parse("1Gi").hashCode()).isEqualTo(Quantity.parse("1024Mi").hashCode());
        assertThat(Quantity.parse("1024Mi")).hasToString("1024Mi");
        assertThat(Quantity.parse("1G")).isLessThan(Quantity.parse("1Gi"));
    }

    @Test
    void isMultipleOf_checksWholePages() {
        assertThat(Quantity.parse("4096M").isMultipleOf(Quantity.parse("2Mi"))).isFalse();
        assertThat(Quantity.parse("4Gi").isMultipleOf(Quantity.parse("2Mi"))).isTrue();
        assertThat(Quantity.parse("4096Mi").isMultipleOf(Quantity.parse("1Gi"))).isTrue();
        assertThat(Quantity.parse("3Gi").isMultipleOf(Quantity.parse("0"))).isFalse();
    }

    @Test
    void ofBytes_usesTheLargestExactBinarySuffix() {
        assertThat(Quantity.ofBytes(15L << 30)).hasToString("15Gi");
        assertThat(Quantity.ofBytes(1536L << 20)).hasToString("1536Mi");
        assertThat(Quantity.ofBytes(1000)).hasToString("1000");
    }
}
