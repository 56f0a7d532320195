package org.kubevirtredfish.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Named steps of a scenario, timed; a failing step is recorded and the scenario goes on, so that one run shows every
 * step that fails (later steps may fail as a consequence). Printed as a table at the end.
 */
final class StepTable {

    interface Step {
        void run() throws Exception;
    }

    record Row(String scenario, String step, boolean passed, double seconds, String detail) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Runs the step and records it; returns whether it passed. */
    boolean run(String scenario, String step, Step body) {
        long start = System.nanoTime();
        String detail = "";
        boolean passed;
        try {
            body.run();
            passed = true;
        } catch (Exception | AssertionError e) {
            passed = false;
            detail = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (this) {
            rows.add(new Row(scenario, step, passed, seconds, detail));
        }
        System.out.printf("[%s] %-84s %s %6.1f s %s%n", scenario, step, passed ? "ok  " : "FAIL", seconds, detail);
        return passed;
    }

    /** Scenarios in the order they started. */
    private int scenarioOrder(String scenario) {
        return rows.stream().map(Row::scenario).distinct().toList().indexOf(scenario);
    }

    synchronized List<Row> failures(String scenario) {
        return rows.stream().filter(r -> r.scenario.equals(scenario) && !r.passed).toList();
    }

    synchronized String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-11s | %-84s | %-6s | %8s | %s%n", "backend", "step", "result", "seconds", "detail"));
        b.append("-".repeat(11)).append("-|-").append("-".repeat(84)).append("-|-------|----------|-------\n");
        List<Row> byScenario = new ArrayList<>(rows);
        byScenario.sort(java.util.Comparator.comparing(Row::scenario, (x, y) -> scenarioOrder(x) - scenarioOrder(y)));
        for (Row r : byScenario) {
            String detail = r.detail.length() > 400 ? r.detail.substring(0, 400) + "..." : r.detail;
            b.append(String.format("%-11s | %-84s | %-6s | %8.1f | %s%n", r.scenario, r.step,
                    r.passed ? "ok" : "FAIL", r.seconds, detail));
        }
        return b.toString();
    }
}
