package io.pipewright.export;

import java.util.List;

/** What the validators said about a bundle, one check per validator. */
public record Validation(List<Check> checks) {

    public enum Status { PASSED, FAILED, SKIPPED }

    /** One validator's verdict: what it checked, and each problem (or why it was skipped). */
    public record Check(String name, Status status, String summary, List<String> problems) {
        public static Check passed(String name, String summary) {
            return new Check(name, Status.PASSED, summary, List.of());
        }

        public static Check skipped(String name, String why) {
            return new Check(name, Status.SKIPPED, why, List.of());
        }

        public static Check of(String name, String summary, List<String> problems) {
            return new Check(name, problems.isEmpty() ? Status.PASSED : Status.FAILED, summary, List.copyOf(problems));
        }

        /** "helm lint --strict: passed (…)". */
        public String line() {
            return name + ": " + status.name().toLowerCase(java.util.Locale.ROOT) + " (" + summary + ")"
                    + (problems.isEmpty() ? "" : ": " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
    }

    public boolean passed() {
        return checks.stream().noneMatch(check -> check.status() == Status.FAILED);
    }

    public List<String> problems() {
        return checks.stream().flatMap(check -> check.problems().stream().map(problem -> check.name() + ": " + problem)).toList();
    }

    public List<String> lines() {
        return checks.stream().map(Check::line).toList();
    }
}
