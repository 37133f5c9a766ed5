package io.pipewright.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * Client threads that post one request after another to a server while its version is swapped, and remember
 * every answer: when it was sent and received, its status and the version that produced it. The alias-swap
 * test and benchmark read from it when the old version answered first, and whether any request failed.
 */
public final class AliasSwapLoad implements AutoCloseable {
    /** One answer: nanoTime when sent and when received, the HTTP status (-1: no answer), and {@code model_version}. */
    public record Answer(long sent, long received, int status, String version, String error) {
    }

    private static final Pattern VERSION = Pattern.compile("\"model_version\"\\s*:\\s*\"([^\"]*)\"");

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    /** Starts {@code clients} threads posting {@code body} to {@code url} (each with a connection of its own) until closed. */
    public static AliasSwapLoad start(String url, String body, int clients) {
        var load = new AliasSwapLoad();
        for (int c = 0; c < clients; c++) {
            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            var thread = new Thread(() -> load.post(http, request), "alias-swap-client-" + c);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void post(HttpClient http, HttpRequest request) {
        while (!stopped) {
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                var version = VERSION.matcher(response.body());
                answers.add(new Answer(sent, System.nanoTime(), response.statusCode(), version.find() ? version.group(1) : null,
                        response.statusCode() == 200 ? null : response.body()));
            } catch (java.io.IOException e) {
                answers.add(new Answer(sent, System.nanoTime(), -1, null, e.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The answers so far, in no particular order. */
    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** When (nanoTime) the first answer from {@code version} was received among requests sent after {@code after}; -1 when none yet. */
    public long firstFrom(String version, long after) {
        return answers.stream().filter(answer -> answer.sent() >= after && version.equals(answer.version())).mapToLong(Answer::received).min()
                .orElse(-1);
    }

    /** Answers that were not a 200 (or no answer at all). */
    public List<Answer> failed() {
        return answers.stream().filter(answer -> answer.status() != 200).toList();
    }

    /** The versions that answered. */
    public Set<String> versions() {
        var versions = new TreeSet<String>();
        answers.forEach(answer -> versions.add(String.valueOf(answer.version())));
        return versions;
    }

    /** Answers from another version than {@code version} to requests sent after {@code when} (nanoTime). */
    public List<Answer> otherThan(String version, long when) {
        return answers.stream().filter(answer -> answer.sent() > when && !version.equals(answer.version())).toList();
    }

    /** Answers to requests sent after {@code when}. */
    public long countAfter(long when) {
        return answers.stream().filter(answer -> answer.sent() > when).count();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }
}
