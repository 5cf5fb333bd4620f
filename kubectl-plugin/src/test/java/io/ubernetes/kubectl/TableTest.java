package io.ubernetes.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsEachColumnToItsWidestCellThreeSpacesApartWithoutTrailingSpaces() {
    String table =
        new Table("NAME", "REPLICAS", "MESSAGE")
            .row("aws-eu-west", 2, "all ready")
            .row("onprem-fra", 10, "")
            .toString();

    assertThat(table)
        .isEqualTo(
            """
            NAME          REPLICAS   MESSAGE
            aws-eu-west   2          all ready
            onprem-fra    10         <none>
            """);
  }

  @Test
  void printsAbsentValuesAsNoneAndKeepsEachRowOnOneLine() {
    String table = new Table("A", "B").row(null, "two\nlines").toString();

    assertThat(table).isEqualTo("A        B\n<none>   two lines\n");
  }

  @Test
  void refusesARowWithTheWrongNumberOfCells() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Table("A", "B").row("only one"))
        .withMessageContaining("1 cells for 2 columns");
  }
}
