package org.kubevirtredfish.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request-log line: its fields (each client-supplied value escaped by {@link LogText}, so bounded and unable
 * to start another field or line) and a short message for people reading plain logs. The field names are those
 * of Liberty's JSON log without the {@code ext_} prefix; the suffix {@code _int}/{@code _long} makes a number.
 */
public record RequestLogLine(String method, String rawPath, int status, long durationMillis, String user,
        String attemptedUser, String system, String route, String requestId, String remoteAddress, String userAgent,
        String refused) {

    static final String REQUEST_ID = "request_id";
    /** Every field name a line can set: removed from the thread's log context when the request ends. */
    static final List<String> NAMES = List.of("method", "path", "status_int", "duration_ms_long", "user",
            "attempted_user", "system", "route", REQUEST_ID, "remote_address", "user_agent", "refused");
    static final int MAX_USER_AGENT = 256;

    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("method", LogText.decoded(method));
        fields.put("path", LogText.raw(rawPath));
        fields.put("status_int", Integer.toString(status));
        fields.put("duration_ms_long", Long.toString(durationMillis));
        fields.put("user", user == null ? "-" : LogText.decoded(user));
        if (attemptedUser != null) {
            fields.put("attempted_user", LogText.decoded(attemptedUser));
        }
        fields.put("system", system == null ? "-" : LogText.decoded(system));
        fields.put("route", route == null ? "-" : route);
        fields.put(REQUEST_ID, requestId);
        fields.put("remote_address", LogText.decoded(remoteAddress));
        fields.put("user_agent", LogText.decoded(userAgent, MAX_USER_AGENT));
        if (refused != null) {
            fields.put("refused", refused);
        }
        return fields;
    }

    /** The same facts as text (the JSON log has them as fields too). */
    public String message() {
        Map<String, String> f = fields();
        return f.get("method") + " " + f.get("path") + " " + status + " " + durationMillis + "ms user=" + f.get("user")
                + (attemptedUser == null ? "" : " attempted_user=" + f.get("attempted_user"))
                + " system=" + f.get("system") + " request=" + requestId
                + (refused == null ? "" : " refused=" + refused);
    }
}
