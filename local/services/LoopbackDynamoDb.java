import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * DynamoDB Local on 127.0.0.1 only (it has no host option and listens on every interface),
 * ending as soon as the process that started it does.
 *
 * Run with Java's source launcher, the path of DynamoDBLocal.jar first, then its own arguments,
 * and stdin a pipe the parent keeps open:
 * java LoopbackDynamoDb.java path/to/DynamoDBLocal.jar -inMemory -port 8000
 *
 * DynamoDB Local is loaded here rather than put on the class path: the source launcher compiles
 * this file against the whole class path, and DynamoDB Local's hundred jars slow every start.
 */
public class LoopbackDynamoDb {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) {
    haltWhenStdinCloses();
    try {
      serveOnLoopback(new File(args[0]), Arrays.copyOfRange(args, 1, args.length));
    } catch (Throwable failure) {
      // One line for the parent's error message, rather than a stack trace it would cut.
      System.err.println(failure);
      System.exit(1);
    }
  }

  private static void serveOnLoopback(File jar, String[] serverArgs) throws Exception {
    // The jar's manifest lists its libraries, so the jar alone brings them in.
    ClassLoader dynamoDbLocal = new URLClassLoader(new URL[] {jar.toURI().toURL()}, LoopbackDynamoDb.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(dynamoDbLocal);

    Class<?> runner = dynamoDbLocal.loadClass("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = unwrap(() -> runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) serverArgs));
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Class<?> serverConnector = dynamoDbLocal.loadClass("org.eclipse.jetty.server.ServerConnector");
    for (Object connector : (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty)) {
      // Refuse to start rather than listen on a connector we cannot bind to loopback.
      if (!serverConnector.isInstance(connector)) {
        throw new IllegalStateException("unexpected Jetty connector " + connector.getClass().getName());
      }
      serverConnector.getMethod("setHost", String.class).invoke(connector, LOOPBACK);
    }
    // Jetty's start alone, without the telemetry event that start would try to send.
    unwrap(() -> proxy.getClass().getMethod("safeStart").invoke(proxy));
    unwrap(() -> proxy.getClass().getMethod("join").invoke(proxy));
  }

  private interface Call {
    Object run() throws Exception;
  }

  /** The server's own exception rather than reflection's wrapper, for a readable message. */
  private static Object unwrap(Call call) throws Exception {
    try {
      return call.run();
    } catch (InvocationTargetException wrapped) {
      Throwable cause = wrapped.getCause();
      throw cause instanceof Exception ? (Exception) cause : wrapped;
    }
  }

  /**
   * The parent holds our stdin open and never writes; end of file means it is gone, even when
   * it was killed with no chance to stop us. Halt: an in-memory database has nothing to save.
   */
  private static void haltWhenStdinCloses() {
    Thread watcher = new Thread(() -> {
      InputStream stdin = System.in;
      try {
        while (stdin.read() != -1) {
          // Nothing is ever sent; keep reading until the pipe closes.
        }
      } catch (IOException closed) {
        // A broken pipe means the same thing as end of file.
      }
      Runtime.getRuntime().halt(0);
    }, "exit-with-parent");
    watcher.setDaemon(true);
    watcher.start();
  }
}
