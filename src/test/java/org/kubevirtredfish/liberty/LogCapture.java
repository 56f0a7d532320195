package org.kubevirtredfish.liberty;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records a class's logger publishes while an action runs. */
final class LogCapture {

    private LogCapture() {
    }

    static List<LogRecord> during(Class<?> owner, Runnable action) {
        Logger logger = Logger.getLogger(owner.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return records;
    }
}
