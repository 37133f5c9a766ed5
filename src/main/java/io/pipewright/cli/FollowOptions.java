package io.pipewright.cli;

import io.pipewright.serve.AliasFollower;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --follow}, {@code --no-follow} and {@code --follow-interval}: what {@code serve} and {@code stream} share to follow an alias. */
final class FollowOptions {
    @Option(names = "--follow", negatable = true, description = "With --model NAME@ALIAS (on by default there): read the alias from the store every "
            + "--follow-interval and, when it moves, load and warm up the version it names, then swap it in (requests in flight finish on the old one); "
            + "--no-follow keeps the version loaded at start.")
    Boolean follow;

    @Option(names = "--follow-interval", paramLabel = "SECONDS", description = "How often the alias is read when following it (default: 5).")
    Double followInterval;

    /** The seconds between reads of a followed alias. */
    double interval() {
        return followInterval == null ? 5 : followInterval;
    }

    /**
     * The alias to follow ({@code --model NAME@ALIAS}, unless --no-follow), or null; refuses --follow and --follow-interval
     * without one. {@code model} is the --model option (null with --artifact).
     */
    String alias(String model) {
        int at = model == null ? -1 : model.indexOf('@');
        if (Boolean.TRUE.equals(follow) && at < 0) {
            throw new IllegalArgumentException("--follow needs --model NAME@ALIAS (an alias to watch), not "
                    + (model == null ? "--artifact" : "--model " + model + ", which names " + (model.contains(":") ? "a fixed version" : "no alias")));
        }
        String alias = at < 0 || Boolean.FALSE.equals(follow) ? null : model.substring(at + 1);
        if (followInterval != null) {
            if (alias == null) {
                throw new IllegalArgumentException("--follow-interval goes with following an alias (--model NAME@ALIAS, without --no-follow)");
            }
            if (!(followInterval >= 0.05 && followInterval <= 86_400)) {
                throw new IllegalArgumentException("--follow-interval must be between 0.05 and 86400 seconds, not " + followInterval);
            }
        }
        return alias;
    }

    /** Starts following {@code alias} (null: nothing to follow, returns null), and says so on {@code err}. */
    AliasFollower start(String alias, Scoring scoring, Predictor predictor, PipewrightCommand root, PrintWriter err) {
        if (alias == null) {
            return null;
        }
        AliasFollower follower = AliasFollower.start(scoring, root::openStore, predictor.name(), alias, Duration.ofMillis(Math.round(interval() * 1000)),
                predictor.parallel());
        err.println("following " + predictor.name() + "@" + alias + " (version " + predictor.version() + " now): its new version is swapped in "
                + "within " + java.math.BigDecimal.valueOf(interval()).stripTrailingZeros().toPlainString() + " s of the alias moving (--no-follow to keep this one)");
        return follower;
    }
}
