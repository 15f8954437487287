package dev.edgevm.cli.console;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Whether this process talks to a terminal. Up to JDK 21 {@code System.console()} is null unless
 * both stdin and stdout are one; from JDK 22 it is there even when the output is piped into a
 * file or a log, and {@code Console.isTerminal()} (new in 22) says whether it is a terminal. So
 * progress bars redrawn with {@code \r} are drawn only where they can be redrawn.
 */
public final class Terminal {

    private Terminal() {}

    public static boolean attached() {
        return attached(System.console());
    }

    static boolean attached(Console console) {
        if (console == null) {
            return false;
        }
        Method isTerminal;
        try {
            isTerminal = Console.class.getMethod("isTerminal");
        } catch (NoSuchMethodException beforeJdk22) {
            return true; // a console at all means a terminal there
        }
        try {
            return (Boolean) isTerminal.invoke(console);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false; // in doubt, plain lines: they read well on a terminal too
        }
    }
}
