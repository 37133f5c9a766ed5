package io.pipewright.export.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.export.cluster.WorkflowValidation.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The graph checks of an Argo export: in every DAG template each dependency names a task of the same DAG and there is no cycle;
 * every task or step names a template of its document (or a well-formed templateRef); entrypoints name templates; a Workflow's
 * workflowTemplateRef names the WorkflowTemplate given; and the trial tasks of each tune node cover its study's trials exactly once.
 */
final class WorkflowValidationDag {
    /** A task name in a {@code depends} expression, with an optional {@code .Succeeded}-like result after it. */
    private static final Pattern DEPENDS_TOKEN = Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z]+)?");
    private static final Set<String> DEPENDS_WORDS = Set.of("Succeeded", "Failed", "Errored", "Skipped", "Omitted", "Daemoned",
            "AnySucceeded", "AllFailed");

    private final Map<String, Document> workflowTemplates = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int templates;
    private int tasks;

    /** One DAG task found while checking, kept for the trial check. */
    private record Task(Document document, String path, JsonNode node, Map<String, JsonNode> siblings, Map<String, String> siblingPaths) {
        String name() {
            return node.path("name").asText();
        }
    }

    private final Map<String, List<Task>> tasksByName = new LinkedHashMap<>();

    WorkflowValidationDag(List<Document> documents) {
        for (Document document : documents) {
            if (document.isArgo() && document.kind().equals("WorkflowTemplate")) {
                workflowTemplates.put(document.name(), document);
            }
        }
        for (Document document : documents) {
            if (document.isArgo()) {
                checkSpec(document);
            }
        }
    }

    List<String> problems() {
        return problems;
    }

    String summary() {
        return templates + " template" + (templates == 1 ? "" : "s") + ", " + tasks + " DAG task" + (tasks == 1 ? "" : "s");
    }

    private static Map<String, Integer> templateNames(JsonNode spec) {
        var names = new LinkedHashMap<String, Integer>();
        int index = 0;
        for (JsonNode template : spec.path("templates")) {
            names.putIfAbsent(template.path("name").asText(), index++);
        }
        return names;
    }

    private void checkSpec(Document document) {
        JsonNode spec = document.workflowSpec();
        String at = document.workflowSpecPath();
        var names = templateNames(spec);
        var seen = new HashSet<String>();
        int index = 0;
        for (JsonNode template : spec.path("templates")) {
            String path = at + ".templates[" + index++ + "]";
            templates++;
            String name = template.path("name").asText();
            if (name.isEmpty()) {
                problems.add(document.problem(path + ".name", "a template needs a name to be referred to"));
            } else if (!seen.add(name)) {
                problems.add(document.problem(path + ".name", "template '" + name + "' is defined twice"));
            }
            if (template.has("dag")) {
                checkDag(document, path + ".dag", template.path("dag"), names);
            }
            int group = 0;
            for (JsonNode parallel : template.path("steps")) {
                int step = 0;
                for (JsonNode item : parallel) {
                    checkReference(document, path + ".steps[" + group + "][" + step++ + "]", item, names);
                }
                group++;
            }
        }
        JsonNode ref = spec.path("workflowTemplateRef");
        Map<String, Integer> entryNames = names;
        if (!ref.isMissingNode()) {
            String refName = ref.path("name").asText();
            Document target = workflowTemplates.get(refName);
            if (ref.path("clusterScope").asBoolean(false)) {
                problems.add(document.problem(at + ".workflowTemplateRef", "names a ClusterWorkflowTemplate, but the export has only WorkflowTemplates"));
            } else if (target == null) {
                problems.add(document.problem(at + ".workflowTemplateRef.name", (refName.isEmpty() ? "missing" : "'" + refName + "'")
                        + " names no WorkflowTemplate of the export" + (workflowTemplates.isEmpty() ? "" : " (" + String.join(", ", workflowTemplates.keySet()) + ")")));
            } else {
                entryNames = templateNames(target.workflowSpec());
            }
        }
        String entrypoint = spec.path("entrypoint").asText();
        if (!entrypoint.isEmpty()) {
            if (!entryNames.containsKey(entrypoint) && (ref.isMissingNode() || workflowTemplates.containsKey(ref.path("name").asText()))) {
                problems.add(document.problem(at + ".entrypoint", "'" + entrypoint + "' names no template"));
            }
        } else if (ref.isMissingNode() && !document.kind().equals("WorkflowTemplate")) {
            problems.add(document.problem(at + ".entrypoint", "required: a workflow without a workflowTemplateRef must say which template runs"));
        }
        String onExit = spec.path("onExit").asText();
        if (!onExit.isEmpty() && !entryNames.containsKey(onExit)) {
            problems.add(document.problem(at + ".onExit", "'" + onExit + "' names no template"));
        }
    }

    /** A task's or step's template: a template of the document, a well-formed templateRef, or inline. */
    private void checkReference(Document document, String path, JsonNode task, Map<String, Integer> names) {
        boolean template = task.has("template");
        boolean templateRef = task.has("templateRef");
        boolean inline = task.has("inline");
        if ((template ? 1 : 0) + (templateRef ? 1 : 0) + (inline ? 1 : 0) != 1) {
            problems.add(document.problem(path, "needs exactly one of template, templateRef and inline"));
            return;
        }
        if (template) {
            String name = task.path("template").asText();
            if (!names.containsKey(name)) {
                problems.add(document.problem(path + ".template", "'" + name + "' names no template of " + document.label()));
            }
        } else if (templateRef) {
            JsonNode ref = task.path("templateRef");
            String refName = ref.path("name").asText();
            String refTemplate = ref.path("template").asText();
            if (refName.isEmpty() || refTemplate.isEmpty()) {
                problems.add(document.problem(path + ".templateRef", "needs both name and template"));
            } else if (workflowTemplates.containsKey(refName) && !ref.path("clusterScope").asBoolean(false)
                    && !templateNames(workflowTemplates.get(refName).workflowSpec()).containsKey(refTemplate)) {
                problems.add(document.problem(path + ".templateRef.template", "'" + refTemplate + "' names no template of WorkflowTemplate " + refName));
            }
        }
    }

    private void checkDag(Document document, String path, JsonNode dag, Map<String, Integer> names) {
        var byName = new LinkedHashMap<String, JsonNode>();
        var paths = new HashMap<String, String>();
        int index = 0;
        for (JsonNode task : dag.path("tasks")) {
            String taskPath = path + ".tasks[" + index++ + "]";
            tasks++;
            String name = task.path("name").asText();
            if (byName.putIfAbsent(name, task) != null) {
                problems.add(document.problem(taskPath + ".name", "task '" + name + "' is defined twice in this DAG"));
            } else {
                paths.put(name, taskPath);
            }
        }
        String target = dag.path("target").asText();
        for (String wanted : target.isEmpty() ? List.<String>of() : List.of(target.split("\\s+"))) {
            if (!byName.containsKey(wanted)) {
                problems.add(document.problem(path + ".target", "'" + wanted + "' names no task of this DAG"));
            }
        }
        var edges = new LinkedHashMap<String, List<String>>();
        index = 0;
        for (JsonNode task : dag.path("tasks")) {
            String taskPath = path + ".tasks[" + index++ + "]";
            String name = task.path("name").asText();
            checkReference(document, taskPath, task, names);
            var needs = new ArrayList<String>();
            int dependency = 0;
            for (JsonNode entry : task.path("dependencies")) {
                String needed = entry.asText();
                if (!byName.containsKey(needed)) {
                    problems.add(document.problem(taskPath + ".dependencies[" + dependency + "]", "'" + needed + "' names no task of this DAG"));
                } else {
                    needs.add(needed);
                }
                dependency++;
            }
            for (String needed : dependsNames(task.path("depends").asText())) {
                if (!byName.containsKey(needed)) {
                    problems.add(document.problem(taskPath + ".depends", "'" + needed + "' names no task of this DAG"));
                } else if (!needs.contains(needed)) {
                    needs.add(needed);
                }
            }
            edges.putIfAbsent(name, needs);
            tasksByName.computeIfAbsent(name, key -> new ArrayList<>()).add(new Task(document, taskPath, task, byName, paths));
        }
        List<String> cycle = cycle(edges);
        if (!cycle.isEmpty()) {
            problems.add(document.problem(path + ".tasks", "the dependencies form a cycle: " + String.join(" → ", cycle)));
        }
    }

    /** The task names of a {@code depends} expression such as {@code "a && (b.Succeeded || c.Failed)"}. */
    static List<String> dependsNames(String expression) {
        var names = new LinkedHashSet<String>();
        var matcher = DEPENDS_TOKEN.matcher(expression);
        while (matcher.find()) {
            String token = matcher.group();
            int dot = token.indexOf('.');
            String name = dot < 0 ? token : token.substring(0, dot);
            if (dot >= 0 && !DEPENDS_WORDS.contains(token.substring(dot + 1))) {
                name = token;
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** One cycle of the graph (task → the tasks it needs), closed on its first task; empty when there is none. */
    private static List<String> cycle(Map<String, List<String>> edges) {
        var state = new HashMap<String, Integer>();
        var stack = new ArrayList<String>();
        for (String start : edges.keySet()) {
            List<String> found = visit(start, edges, state, stack);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String task, Map<String, List<String>> edges, Map<String, Integer> state, List<String> stack) {
        Integer seen = state.get(task);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            var cycle = new ArrayList<>(stack.subList(stack.indexOf(task), stack.size()));
            cycle.add(task);
            return cycle;
        }
        state.put(task, 1);
        stack.add(task);
        for (String needed : edges.getOrDefault(task, List.of())) {
            List<String> found = visit(needed, edges, state, stack);
            if (!found.isEmpty()) {
                return found;
            }
        }
        stack.remove(stack.size() - 1);
        state.put(task, 2);
        return List.of();
    }

    /** The trial range of one trial task: its first trial and how many. */
    private record Range(String task, int start, int count) {
    }

    /** For each select task, the trial tasks it depends on must run trials 0..N-1, each exactly once. */
    List<String> trials(Map<String, Integer> expectedTrials) {
        var found = new ArrayList<String>();
        for (var expected : expectedTrials.entrySet()) {
            String select = expected.getKey();
            int trials = expected.getValue();
            List<Task> selects = tasksByName.getOrDefault(select, List.of()).stream()
                    .filter(task -> task.document().kind().equals("WorkflowTemplate") || workflowTemplates.isEmpty()).toList();
            if (selects.isEmpty()) {
                found.add("the export has no DAG task '" + select + "' to select the best of " + trials + " trials");
                continue;
            }
            for (Task task : selects) {
                found.addAll(fanOut(task, trials));
            }
        }
        return found;
    }

    private List<String> fanOut(Task select, int trials) {
        var found = new ArrayList<String>();
        Document document = select.document();
        var needs = new ArrayList<String>();
        select.node().path("dependencies").forEach(entry -> needs.add(entry.asText()));
        dependsNames(select.node().path("depends").asText()).stream().filter(name -> !needs.contains(name)).forEach(needs::add);
        var ranges = new ArrayList<Range>();
        for (String need : needs) {
            JsonNode task = select.siblings().get(need);
            if (task == null || !task.has("withSequence")) {
                continue;
            }
            String path = select.siblingPaths().get(need) + ".withSequence";
            JsonNode sequence = task.path("withSequence");
            Integer start = number(sequence, "start", 0, document, path, found);
            Integer count;
            if (sequence.has("end")) {
                Integer end = number(sequence, "end", 0, document, path, found);
                count = start == null || end == null ? null : end - start + 1;
            } else {
                count = number(sequence, "count", 0, document, path, found);
            }
            if (start != null && count != null) {
                ranges.add(new Range(need, start, count));
            }
        }
        if (ranges.isEmpty()) {
            found.add(document.problem(select.path(), "select task '" + select.name() + "' depends on no trial task (withSequence); the study has "
                    + trials + " trials"));
            return found;
        }
        int sum = ranges.stream().mapToInt(Range::count).sum();
        if (sum != trials) {
            found.add(document.problem(select.path(), "the trial tasks of '" + select.name() + "' (" + String.join(", ", ranges.stream().map(Range::task).toList())
                    + ") fan out " + sum + " trials, the study has " + trials));
        }
        ranges.sort(Comparator.comparingInt(Range::start).thenComparing(Range::task));
        int next = 0;
        String previous = null;
        for (Range range : ranges) {
            if (range.start() > next) {
                found.add(document.problem(select.path(), "no trial task of '" + select.name() + "' runs " + span(next, range.start() - 1)));
            } else if (range.start() < next) {
                found.add(document.problem(select.path(), span(range.start(), Math.min(next, range.start() + range.count()) - 1) + " of '"
                        + select.name() + "' run twice (" + previous + " and " + range.task() + ")"));
            }
            if (range.start() + range.count() > next) {
                next = range.start() + range.count();
                previous = range.task();
            }
        }
        if (next < trials) {
            found.add(document.problem(select.path(), "no trial task of '" + select.name() + "' runs " + span(next, trials - 1)));
        } else if (next > trials) {
            found.add(document.problem(select.path(), span(trials, next - 1) + " of '" + select.name() + "' " + (next - trials == 1 ? "is" : "are")
                    + " past the study's " + trials + " trials"));
        }
        return found;
    }

    private static String span(int first, int last) {
        return first == last ? "trial " + first : "trials " + first + ".." + last;
    }

    private static Integer number(JsonNode sequence, String field, int absent, Document document, String path, List<String> found) {
        JsonNode value = sequence.path(field);
        if (value.isMissingNode()) {
            return absent;
        }
        try {
            int number = value.isIntegralNumber() ? value.intValue() : Integer.parseInt(value.asText().trim());
            if (number < 0) {
                found.add(document.problem(path + "." + field, "must not be negative (" + number + ")"));
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            found.add(document.problem(path + "." + field, "must be a whole number, not '" + value.asText() + "'"));
            return null;
        }
    }
}
