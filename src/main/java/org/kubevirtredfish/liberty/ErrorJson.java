package org.kubevirtredfish.liberty;

import java.util.List;

/**
 * A Redfish error body with one Base 1.22 message, in the shape of the application's ErrorBody ({@code code} is the
 * message's id), written out because no JSON library is visible to Liberty's BELL library. Arguments are escaped as
 * JSON strings; unit tests parse every body and hold it to the application's.
 */
final class ErrorJson {

    private ErrorJson() {
    }

    /**
     * @param name the Base message's name (e.g. {@code GeneralError})
     * @param text its Message with the arguments in place
     */
    static String of(String name, String text, List<String> args, String resolution) {
        String id = "Base.1.22." + name;
        StringBuilder json = new StringBuilder(512).append("{\"error\":{\"code\":");
        string(json, id).append(",\"message\":");
        string(json, text).append(",\"@Message.ExtendedInfo\":[{\"@odata.type\":\"#Message.v1_3_0.Message\",")
                .append("\"MessageId\":");
        string(json, id).append(",\"Message\":");
        string(json, text).append(",\"MessageArgs\":[");
        for (int i = 0; i < args.size(); i++) {
            string(i == 0 ? json : json.append(','), args.get(i));
        }
        json.append("],\"MessageSeverity\":\"Critical\",\"Resolution\":");
        return string(json, resolution).append("}]}}").toString();
    }

    private static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
