package dev.edgevm.embedded.internal.kubevirt;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;

/**
 * A VMI's serial console (what {@code virtctl console} connects to): raw bytes over a WebSocket.
 * The guest greets with a login prompt, echoes what is typed, asks for a password and then offers
 * a shell prompt that knows no commands; {@code exit} logs out.
 */
final class ConsoleSession extends WebSocketListener {

  private enum State { LOGIN, PASSWORD, SHELL }

  private final String hostname;
  private final StringBuilder line = new StringBuilder();
  private State state = State.LOGIN;
  private String user;

  ConsoleSession(String hostname) {
    this.hostname = hostname;
  }

  @Override
  public void onOpen(WebSocket socket, Response response) {
    send(socket, "\r\n" + hostname + " login: ");
  }

  @Override
  public void onMessage(WebSocket socket, byte[] bytes) {
    onMessage(socket, new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void onMessage(WebSocket socket, String text) {
    StringBuilder echo = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\r' || c == '\n') {
        echo.append("\r\n").append(enter(line.toString().trim()));
        line.setLength(0);
      } else if (c == 0x7f || c == '\b') {
        if (line.length() > 0) {
          line.setLength(line.length() - 1);
          if (state != State.PASSWORD) {
            echo.append("\b \b");
          }
        }
      } else {
        line.append(c);
        if (state != State.PASSWORD) {
          echo.append(c);
        }
      }
    }
    if (echo.length() > 0) {
      send(socket, echo.toString());
    }
  }

  private String enter(String input) {
    switch (state) {
      case LOGIN:
        if (input.isEmpty()) {
          return hostname + " login: ";
        }
        user = input;
        state = State.PASSWORD;
        return "Password: ";
      case PASSWORD:
        state = State.SHELL;
        return prompt();
      default:
        if (input.equals("exit") || input.equals("logout")) {
          state = State.LOGIN;
          return "\r\n" + hostname + " login: ";
        }
        return input.isEmpty() ? prompt() : "-sh: " + input.split("\\s+")[0] + ": not found\r\n" + prompt();
    }
  }

  private String prompt() {
    return user + "@" + hostname + ":~$ ";
  }

  private static void send(WebSocket socket, String text) {
    socket.send(text.getBytes(StandardCharsets.UTF_8));
  }
}
