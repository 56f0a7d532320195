package org.kubevirtredfish.guard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Logger;
import org.kubevirtredfish.health.LogText;
import org.kubevirtredfish.health.RequestLogFilter;
import org.kubevirtredfish.message.BaseMessage;

/**
 * A request path whose percent-escapes do not decode to UTF-8 (an overlong {@code %c0%af}, a lone {@code %ff})
 * names no resource: 404 with a Redfish body. RESTEasy logged a 6 KB stack trace for each ("RESTEASY002130:
 * Failed to parse request", MalformedInputException) and Liberty answered an HTML page.
 */
@WebFilter(urlPatterns = "/*")
public class PercentEncodingFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(RequestLogFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String uri = request.getRequestURI();
        if (decodesAsUtf8(uri)) {
            chain.doFilter(request, response);
            return;
        }
        String shown = LogText.raw(uri);
        ServletErrorReply.send(response, 404, BaseMessage.ResourceMissingAtURI.with(shown), Map.of(), true);
        LOG.info(() -> String.format("%s %s 404 0ms user=- system=- request=- undecodable-uri",
                LogText.decoded(request.getMethod()), shown));
    }

    /** The escapes of {@code uri} decode to valid UTF-8; a malformed escape counts as not decodable. */
    static boolean decodesAsUtf8(String uri) {
        if (uri == null || uri.indexOf('%') < 0) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                if (i + 2 >= uri.length()) {
                    return false;
                }
                int hi = Character.digit(uri.charAt(i + 1), 16);
                int lo = Character.digit(uri.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
