package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.Migration;
import io.cruster.persistence.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the migrations packaged under {@code cruster/migrations/}: {@code index.txt} names the
 * scripts (a jar cannot list a folder), each {@code V<version>__<name>.sql}. Loaded once per class
 * loader; immutable after that, so thread-safe.
 */
public final class MigrationScripts {
  static final String ROOT = "/cruster/migrations/";
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  private MigrationScripts() {}

  private static final class Holder {
    static final List<Migration> PACKAGED = load();
  }

  /** The packaged migrations in version order. */
  public static List<Migration> packaged() {
    return Holder.PACKAGED;
  }

  private static List<Migration> load() {
    List<Migration> migrations = new ArrayList<>();
    for (String line : read("index.txt").split("\n")) {
      String fileName = line.strip();
      if (!fileName.isEmpty() && !fileName.startsWith("#")) {
        migrations.add(parse(fileName, read(fileName)));
      }
    }
    for (int i = 1; i < migrations.size(); i++) {
      if (migrations.get(i).version() <= migrations.get(i - 1).version()) {
        throw new StorageException(
            ROOT
                + "index.txt must list the migrations in increasing version order: "
                + migrations.get(i).fileName()
                + " follows "
                + migrations.get(i - 1).fileName());
      }
    }
    return List.copyOf(migrations);
  }

  /** The migration in {@code sql} named {@code fileName} ({@code V0001__init.sql}). */
  static Migration parse(String fileName, String sql) {
    Matcher matcher = FILE_NAME.matcher(fileName);
    if (!matcher.matches()) {
      throw new StorageException(
          "migration file name " + fileName + " does not match V<version>__<name>.sql");
    }
    return new Migration(
        Integer.parseInt(matcher.group(1)), matcher.group(2), fileName, sql, checksum(sql));
  }

  /**
   * {@code sha256:<hex>} of the script with CR LF turned into LF, so a Windows checkout hashes the
   * same.
   */
  static String checksum(String sql) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static String read(String fileName) {
    try (InputStream in = MigrationScripts.class.getResourceAsStream(ROOT + fileName)) {
      if (in == null) {
        throw new StorageException(
            "migration resource "
                + ROOT
                + fileName
                + " is missing from the classpath; is cruster-persistence packaged whole?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException("cannot read migration resource " + ROOT + fileName, e);
    }
  }
}
