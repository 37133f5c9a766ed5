package io.pipewright.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

/**
 * The benchmark dataset: 12 columns (8 numeric with some missing, 2 categorical, 1 date, 1 id),
 * from a fixed seed, so every run measures the same bytes.
 */
public final class BenchData {
    private BenchData() {
    }

    public static Path ensure(Path folder, long rows) throws IOException {
        Path file = folder.resolve("bench-" + rows + ".csv");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(folder);
        Path part = folder.resolve(file.getFileName() + ".part");
        var random = new Random(20261127L);
        String[] regions = {"north", "south", "east", "west", "central"};
        String[] plans = {"basic", "standard", "premium", "enterprise", "trial", "student", "family", "business"};
        LocalDate start = LocalDate.of(2020, 1, 1);
        try (BufferedWriter out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            out.write("id,age,income,balance,score,visits,latency_ms,ratio,temperature,region,plan,signup_date\n");
            var line = new StringBuilder(160);
            for (long i = 0; i < rows; i++) {
                line.setLength(0);
                line.append("C").append(10_000_000 + i).append(',');
                optional(line, random, 0.02, () -> Integer.toString(18 + random.nextInt(70)));
                optional(line, random, 0.05, () -> String.format(Locale.ROOT, "%.2f", Math.exp(10.5 + 0.6 * random.nextGaussian())));
                optional(line, random, 0.01, () -> String.format(Locale.ROOT, "%.2f", 5000 * random.nextGaussian()));
                optional(line, random, 0.03, () -> String.format(Locale.ROOT, "%.4f", random.nextDouble()));
                optional(line, random, 0.00, () -> Integer.toString((int) Math.floor(-Math.log(1 - random.nextDouble()) * 4)));
                optional(line, random, 0.02, () -> String.format(Locale.ROOT, "%.1f", Math.exp(3 + random.nextGaussian())));
                optional(line, random, 0.04, () -> String.format(Locale.ROOT, "%.5f", random.nextDouble() * random.nextDouble()));
                optional(line, random, 0.01, () -> String.format(Locale.ROOT, "%.1f", 20 + 8 * random.nextGaussian()));
                line.append(regions[random.nextInt(regions.length)]).append(',');
                line.append(plans[Math.min(plans.length - 1, (int) Math.floor(-Math.log(1 - random.nextDouble()) * 2))]).append(',');
                line.append(start.plusDays(random.nextInt(2000))).append('\n');
                out.append(line);
            }
        }
        Files.move(part, file);
        return file;
    }

    private static void optional(StringBuilder line, Random random, double missing, java.util.function.Supplier<String> value) {
        if (random.nextDouble() >= missing) {
            line.append(value.get());
        }
        line.append(',');
    }
}
