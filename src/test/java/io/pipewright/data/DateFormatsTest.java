package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateFormatsTest {

    private static long fromBytes(String text) {
        byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
        return DateFormats.isoDate(bytes, 1, bytes.length - 1);
    }

    @Test
    void isoDatesFromBytesMatchJavaTimeAcrossFourCenturies() {
        for (LocalDate date = LocalDate.of(1800, 1, 1); date.isBefore(LocalDate.of(2201, 1, 1)); date = date.plusDays(1)) {
            assertThat(fromBytes(date.toString())).as(date.toString()).isEqualTo(date.toEpochDay() * 86_400_000L);
        }
    }

    @Test
    void impossibleDatesAreNotDates() {
        assertThat(fromBytes("2023-02-29")).isEqualTo(DateFormats.NOT_A_DATE);
        assertThat(fromBytes("1900-02-29")).isEqualTo(DateFormats.NOT_A_DATE);
        assertThat(fromBytes("2000-02-29")).isEqualTo(LocalDate.of(2000, 2, 29).toEpochDay() * 86_400_000L);
        assertThat(fromBytes("2024-13-01")).isEqualTo(DateFormats.NOT_A_DATE);
        assertThat(fromBytes("2024-04-31")).isEqualTo(DateFormats.NOT_A_DATE);
        assertThat(fromBytes("2024-4-01x")).isEqualTo(DateFormats.NOT_A_DATE);
        assertThat(fromBytes("2024-04-01T10:00")).as("longer text goes the string way").isEqualTo(DateFormats.NOT_A_DATE);
    }
}
