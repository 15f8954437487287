package dev.edgevm.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @CsvSource({"90,PT1M30S", "90s,PT1M30S", "5m,PT5M", "1h30m,PT1H30M", "500ms,PT0.5S", "1m30s250ms,PT1M30.25S"})
    void kubectlStyleDurations_areRead(String text, String expected) {
        assertThat(converter.convert(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5x", "m5", "1h 30m", "-5s", "5s1"})
    void anythingElse_isRefusedWithAnExample(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("write e.g. 90s, 5m or 1h30m");
    }
}
