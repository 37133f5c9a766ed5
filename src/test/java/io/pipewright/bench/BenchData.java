package io.pipewright.bench;

import java.io.BufferedReader;
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

    /** The reference with income × 1.3, score + 0.15 and a third of the regions turned to "west": three columns that drift. */
    public static Path shifted(Path reference, Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return file;
        }
        var random = new Random(7);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (BufferedReader in = Files.newBufferedReader(reference, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            out.write(in.readLine());
            out.write('\n');
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (!cells[2].isEmpty()) {
                    cells[2] = String.format(Locale.ROOT, "%.2f", Double.parseDouble(cells[2]) * 1.3);
                }
                if (!cells[4].isEmpty()) {
                    cells[4] = String.format(Locale.ROOT, "%.4f", Math.min(1, Double.parseDouble(cells[4]) + 0.15));
                }
                if (random.nextInt(3) == 0) {
                    cells[9] = "west";
                }
                out.write(String.join(",", cells));
                out.write('\n');
            }
        }
        Files.move(part, file);
        return file;
    }
}
