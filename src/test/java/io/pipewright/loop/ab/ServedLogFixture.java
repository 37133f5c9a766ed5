package io.pipewright.loop.ab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a served A/B experiment's folder the way {@code pipewright serve --ab … --log-requests DIR}
 * does (one line per predicted row in {@code requests.jsonl}; one per labelled row in
 * {@code feedback.jsonl}, the label last under the target column {@code default}), from a seeded
 * simulation: each one-row request goes to b with probability {@code shareOfB}; variant a's
 * predictions are right with probability {@code accuracyA}, b's with {@code accuracyB}; every request is labelled.
 */
public final class ServedLogFixture {
    private ServedLogFixture() {
    }

    public static Path write(Path folder, long seed, int requests, double shareOfB, double accuracyA, double accuracyB) {
        var random = new SplittableRandom(seed);
        var log = new StringBuilder();
        var feedback = new StringBuilder();
        Instant start = Instant.parse("2026-11-02T08:00:00Z");
        for (int i = 0; i < requests; i++) {
            boolean b = random.nextDouble() < shareOfB;
            String variant = b ? "b" : "a";
            int version = b ? 3 : 2;
            String id = "req-" + i;
            int age = 20 + random.nextInt(50);
            String prediction = random.nextDouble() < 0.7 ? "no" : "yes";
            boolean right = random.nextDouble() < (b ? accuracyB : accuracyA);
            String label = right ? prediction : prediction.equals("no") ? "yes" : "no";
            String time = start.plusSeconds(60L * i).toString();
            log.append(String.format(Locale.ROOT, "{\"_time\":\"%s\",\"_id\":\"%s\",\"_version\":\"%d\",\"_variant\":\"%s\",\"age\":%d,"
                    + "\"purpose\":\"car\",\"prediction\":\"%s\"}%n", time, id, version, variant, age, prediction));
            feedback.append(String.format(Locale.ROOT, "{\"_time\":\"%s\",\"_id\":\"%s\",\"_version\":\"%d\",\"_variant\":\"%s\",\"age\":%d,"
                    + "\"purpose\":\"car\",\"prediction\":\"%s\",\"default\":\"%s\"}%n", time, id, version, variant, age, prediction, label));
        }
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("requests.jsonl"), log.toString().replace(System.lineSeparator(), "\n"));
            Files.writeString(folder.resolve("feedback.jsonl"), feedback.toString().replace(System.lineSeparator(), "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }
}
