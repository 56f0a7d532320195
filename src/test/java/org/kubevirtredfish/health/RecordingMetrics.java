package org.kubevirtredfish.health;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** ServiceMetrics for tests without a metrics runtime: records what would be counted, as text lines. */
public class RecordingMetrics extends ServiceMetrics {

    public final List<String> recorded = new CopyOnWriteArrayList<>();

    @Override
    public void request(String route, String method, int status) {
        recorded.add("request " + method + " " + route + " " + status);
    }

    @Override
    public void powerAction(String resetType, String result) {
        recorded.add("power " + resetType + " " + result);
    }

    @Override
    public void mediaAction(String action, String result) {
        recorded.add("media " + action + " " + result);
    }

    @Override
    public void authenticationFailure(String mechanism) {
        recorded.add("authentication failure " + mechanism);
    }
}
