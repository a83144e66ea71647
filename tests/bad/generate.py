#!/usr/bin/env python3
"""Writes the corpus of hostile CSV files beside this script, and expected.tsv.

Each case is a file, the target column it is trained on, and what must happen:
a piece of the one-line error a user reads (with its line and column where the
file has one), or `ok` for a file that is hostile but valid and must train to
finite numbers. tests/hostile_data.rs runs every case through `neuron-lab train`
and through the library; the page's end-to-end tests send a sample through the
file input.

Run it again after changing a case: `python3 tests/bad/generate.py`.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
BOM = b"\xef\xbb\xbf"
GOOD = b"a,b,class\n1,2,no\n3,4,yes\n5,1,no\n2,6,yes\n4,3,no\n6,5,yes\n"

CASES = []


def case(name, content, expected, target="class"):
    if isinstance(content, str):
        content = content.encode()
    CASES.append((name, content, target, expected))


def rows(n, line=lambda i: f"{i},{(i * 7) % 5},{'yes' if i % 2 else 'no'}"):
    return "".join(line(i) + "\n" for i in range(n))


# ---- Empty files and headers without rows -----------------------------------------------
case("empty.csv", b"", "the file is empty")
case("whitespace_only.csv", b"  \n\n \r\n\t\n", "the file is empty")
case("bom_only.csv", BOM, "the file is empty")
case("header_only.csv", "a,b,class\n", "the file has a header row but no data rows")
case("header_only_crlf.csv", "a,b,class\r\n\r\n\r\n", "the file has a header row but no data rows")
case("header_and_delimiter_lines.csv", "a,b,class\n,,\n , ,\n,,\n", "the file has a header row but no data rows")

# ---- Not UTF-8 text ----------------------------------------------------------------------
text = "a,b,class\n1,2,no\n3,4,yes\n"
case("utf16le_bom.csv", b"\xff\xfe" + text.encode("utf-16-le"), "the file is UTF-16 text")
case("utf16be_bom.csv", b"\xfe\xff" + text.encode("utf-16-be"), "the file is UTF-16 text")
case("utf16le_no_bom.csv", text.encode("utf-16-le"), "the file is UTF-16 text")
case("png.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "line 1, column 1: the file is not UTF-8 text")
case("bytes_0_to_255.csv", bytes(range(256)) * 4, "line 1, column 1: the file is not UTF-8 text")
case("zeros.csv", b"\x00" * 64, "line 1, column 1: the file is not UTF-8 text")
case("latin1_label.csv", b"a,b,class\n1,2,no\n3,4,Jos\xe9\n", "line 3, column 3: the file is not UTF-8 text")
case("nul_in_cell.csv", b"a,b,class\n1,2,no\n3,4\x00,yes\n", "line 3, column 2: the file is not UTF-8 text")
case("latin1_crlf.csv", b"a,b,class\r\n1,2,no\r\n3,4,yes\r\n5,\xb5,no\r\n", "line 4, column 2: the file is not UTF-8 text")

# ---- Byte-order marks --------------------------------------------------------------------
case("bom_bad_cell.csv", BOM + b"a,b,class\n1,2,no\n3,x,yes\n", "line 3, column 2 ('b'): 'x' is not a number")
case("double_bom_bad_cell.csv", BOM + BOM + b"a,b,class\n1,2,no\n3,x,yes\n", "line 3, column 2 ('b'): 'x' is not a number")
case("bom_crlf_bad_cell.csv", BOM + b"a,b,class\r\n1,2,no\r\n3,x,yes\r\n", "line 3, column 2 ('b'): 'x' is not a number")
case("bom_unknown_target.csv", BOM + b"a,b,klass\n1,2,no\n3,4,yes\n", "no column named 'class'; the columns are: 'a', 'b', 'klass'")

# ---- Ragged rows -------------------------------------------------------------------------
case("ragged_short.csv", "a,b,class\n1,2,no\n3,yes\n", "line 3: expected 3 fields like the header, found 2")
case("ragged_long.csv", "a,b,class\n1,2,no,extra\n3,4,yes\n", "line 2: expected 3 fields like the header, found 4")
case("ragged_crlf.csv", "a,b,class\r\n1,2,no\r\n3,4,yes\r\n5,no\r\n", "line 4: expected 3 fields like the header, found 2")
case("ragged_cr.csv", "a,b,class\r1,2,no\r3,4,yes\r5,no\r", "line 4: expected 3 fields like the header, found 2")
case("ragged_after_blank_lines.csv", "a,b,class\n\n1,2,no\n\n\n3,4\n", "line 6: expected 3 fields like the header, found 2")
case("trailing_comma_rows.csv", "a,b,class\n1,2,no,\n3,4,yes,\n", "line 2: expected 3 fields like the header, found 4")
case("ragged_22.csv", "a,b,class\n" + rows(20) + "7,yes\n", "line 22: expected 3 fields like the header, found 2")

# ---- Mixed delimiters --------------------------------------------------------------------
case("comma_header_semicolon_rows.csv", "a,b,class\n1;2;no\n3;4;yes\n", "line 2: expected 3 fields like the header, found 1")
case("semicolon_header_comma_rows.csv", "a;b;class\n1;2;no\n3,4,yes\n", "line 3: expected 3 fields like the header, found 1")
case("tab_header_space_rows.csv", "a\tb\tclass\n1\t2\tno\n3 4 yes\n", "line 3: expected 3 fields like the header, found 1")
case("semicolon_decimal_comma.csv", "a;b;class\n1,5;2;no\n3;4;yes\n", "line 2, column 1 ('a'): '1,5' is not a number")

# ---- Column names ------------------------------------------------------------------------
case("duplicate_column.csv", "a,a,class\n1,2,no\n3,4,yes\n", "line 1, column 2: the column name 'a' appears twice")
case("duplicate_column_spaces.csv", "a, a ,class\n1,2,no\n3,4,yes\n", "line 1, column 2: the column name 'a' appears twice")
case("duplicate_target.csv", "class,a,class\nno,2,no\nyes,4,yes\n", "line 1, column 3: the column name 'class' appears twice")
case("duplicate_empty_names.csv", "a,,,class\n1,2,3,no\n3,4,5,yes\n", "line 1, column 3: the column name '' appears twice")
case("missing_target.csv", "a,b,label\n1,2,no\n3,4,yes\n", "no column named 'class'; the columns are: 'a', 'b', 'label'")
case("missing_target_case.csv", "a,b,Class\n1,2,no\n3,4,yes\n", "no column named 'class'; the columns are: 'a', 'b', 'Class'")
wide = ",".join(f"c{j}" for j in range(1, 13))
case("missing_target_12_columns.csv", wide + "\n" + ",".join("1" for _ in range(12)) + "\n",
     "no column named 'class'; the columns are: 'c1', 'c2', 'c3', 'c4', 'c5' and 7 more")
case("only_the_target.csv", "class\nno\nyes\n", "no feature columns are left after the target and the dropped columns")
case("long_column_name.csv", "a," + "n" * 1001 + ",class\n1,2,no\n3,4,yes\n",
     "line 1, column 2: the column name '" + "n" * 80 + "…' has 1001 characters: at most 1000 are allowed")

# ---- Cells that are not finite numbers ---------------------------------------------------
case("nan_cell.csv", "a,b,class\n1,2,no\nNaN,4,yes\n", "line 3, column 1 ('a'): 'NaN' is not a finite number")
case("nan_lowercase.csv", "a,b,class\n1,nan,no\n3,4,yes\n", "line 2, column 2 ('b'): 'nan' is not a finite number")
case("inf_cell.csv", "a,b,class\n1,2,no\n3,inf,yes\n", "line 3, column 2 ('b'): 'inf' is not a finite number")
case("minus_inf_cell.csv", "a,b,class\n-inf,2,no\n3,4,yes\n", "line 2, column 1 ('a'): '-inf' is not a finite number")
case("plus_infinity_word.csv", "a,b,class\n1,2,no\n3,+Infinity,yes\n", "line 3, column 2 ('b'): '+Infinity' is not a finite number")
case("1e999.csv", "a,b,class\n1,2,no\n3,1e999,yes\n", "line 3, column 2 ('b'): '1e999' is not a finite number")
case("minus_1e999.csv", "a,b,class\n-1e999,2,no\n3,4,yes\n", "line 2, column 1 ('a'): '-1e999' is not a finite number")
case("1e999_crlf_line_5.csv", "a,b,class\r\n1,2,no\r\n3,4,yes\r\n5,6,no\r\n7,1e999,yes\r\n",
     "line 5, column 2 ('b'): '1e999' is not a finite number")
case("span_beyond_the_largest_double.csv", "a,b,class\n-1.7e308,2,no\n1.7e308,4,yes\n0,1,no\n1,3,yes\n",
     "column 1 ('a'): its values run from -1.7e308 to 1.7e308, a span too large to compute with")
case("not_a_number.csv", "a,b,class\n1,2,no\n3,abc,yes\n", "line 3, column 2 ('b'): 'abc' is not a number (drop the column if it is not a feature)")
case("na_cell.csv", "a,b,class\n1,NA,no\n3,4,yes\n", "line 2, column 2 ('b'): 'NA' is not a number")
case("excel_error.csv", "a,b,class\n1,2,no\n#DIV/0!,4,yes\n", "line 3, column 1 ('a'): '#DIV/0!' is not a number")
case("hex_number.csv", "a,b,class\n0x10,2,no\n3,4,yes\n", "line 2, column 1 ('a'): '0x10' is not a number")
case("thousands_separator.csv", "a,b,class\n\"1,000\",2,no\n3,4,yes\n", "line 2, column 1 ('a'): '1,000' is not a number")
case("percent.csv", "a,b,class\n1,50%,no\n3,4,yes\n", "line 2, column 2 ('b'): '50%' is not a number")
case("empty_cell.csv", "a,b,class\n1,2,no\n3,,yes\n", "line 3, column 2 ('b'): empty cell, expected a number")
case("control_character.csv", "a,b,class\n1,\x07ring,no\n3,4,yes\n", "line 2, column 2 ('b'): '\\u{7}ring' is not a number")
case("huge_cell.csv", "a,b,class\n1," + "x" * 5000 + ",no\n3,4,yes\n",
     "line 2, column 2 ('b'): '" + "x" * 80 + "…' is not a number")

# ---- Labels ------------------------------------------------------------------------------
case("empty_label.csv", "a,b,class\n1,2,no\n3,4,\n", "line 3, column 3 ('class'): empty label")
case("empty_label_crlf.csv", "a,b,class\r\n1,2,no\r\n3,4,\r\n5,6,yes\r\n", "line 3, column 3 ('class'): empty label")
case("blank_label.csv", "a,b,class\n1,2,no\n3,4,   \n", "line 3, column 3 ('class'): empty label")
case("one_class.csv", "a,b,class\n1,2,yes\n3,4,yes\n5,6,yes\n",
     "the target 'class' has only one class ('yes'): a classifier needs at least two")
case("one_class_and_delimiter_lines.csv", "a,b,class\n1,2,yes\n3,4,yes\n,,\n,,\n",
     "the target 'class' has only one class ('yes')")
case("long_label.csv", "a,b,class\n1,2,no\n3,4," + "y" * 1001 + "\n",
     "line 3, column 3 ('class'): the label '" + "y" * 80 + "…' has 1001 characters")
case("twelve_classes.csv", "a,b,class\n" + rows(24, lambda i: f"{i},{i % 3},k{i % 12}"),
     "the logistic neuron separates two classes, but the target 'class' has 12 ('k0', 'k1', 'k10', 'k11', 'k2' and 7 more)")

# ---- Quotes ------------------------------------------------------------------------------
case("unterminated_quote.csv", "a,b,class\n1,2,no\n3,4,\"yes\n5,6,no\n7,8,yes\n",
     "line 3, column 3: a quote opens here and never closes")
case("unterminated_quote_header.csv", "a,\"b,class\n1,2,no\n3,4,yes\n", "line 1, column 2: a quote opens here and never closes")
case("unterminated_quote_crlf.csv", "a,b,class\r\n1,2,no\r\n3,4,yes\r\n5,\"6,no\r\n7,8,yes\r\n",
     "line 4, column 2: a quote opens here and never closes")
case("unterminated_quote_cr.csv", "a,b,class\r1,2,no\r3,4,yes\r5,6,\"no\r7,8,yes\r",
     "line 4, column 3: a quote opens here and never closes")
case("unterminated_after_doubled_quotes.csv", "a,b,class\n1,2,\"say \"\"no\"\"\n3,4,yes\n",
     "line 2, column 3: a quote opens here and never closes")
case("line_break_in_a_number.csv", "a,b,class\n1,\"2\n3\",no\n3,4,yes\n", "line 2, column 2 ('b'): '2\\n3' is not a number")
case("bad_cell_after_quoted_line_break.csv", "a,b,class\n1,2,\"multi\nline\"\n3,x,no\n",
     "line 4, column 2 ('b'): 'x' is not a number")
case("text_after_closing_quote.csv", "a,b,class\n\"1\"x,2,no\n3,4,yes\n", "line 2, column 1 ('a'): '1x' is not a number")
case("stray_quote_in_number.csv", "a,b,class\n1,2\"5,no\n3,4,yes\n", "line 2, column 2 ('b'): '2\"5' is not a number")

# ---- Line ends ---------------------------------------------------------------------------
case("crlf_first_row_bad.csv", "a,b,class\r\n1,x,no\r\n3,4,yes\r\n", "line 2, column 2 ('b'): 'x' is not a number")
case("crlf_row_6_bad.csv", "a,b,class\r\n1,2,no\r\n3,4,yes\r\n5,6,no\r\n7,8,yes\r\n9,x,no\r\n",
     "line 6, column 2 ('b'): 'x' is not a number")
case("cr_only_row_3_bad.csv", "a,b,class\r1,2,no\r3,x,yes\r", "line 3, column 2 ('b'): 'x' is not a number")
case("cr_only_row_6_bad.csv", "a,b,class\r1,2,no\r3,4,yes\r5,6,no\r7,8,yes\r9,x,no\r",
     "line 6, column 2 ('b'): 'x' is not a number")
case("mixed_line_ends.csv", "a,b,class\n1,2,no\r\n3,4,yes\r5,6,no\n\r\n7,x,yes\n", "line 6, column 2 ('b'): 'x' is not a number")
case("cr_only_empty_label.csv", "a,b,class\r1,2,no\r3,4,\r", "line 3, column 3 ('class'): empty label")

# ---- Hostile but valid: must train to finite numbers -------------------------------------
case("ok_sums_overflow_1e308.csv", "a,b,class\n" + "1e308,0,no\n1.5e308,1,yes\n" * 5, "ok")
case("ok_issue_1e308.csv", "a,b,class\n1e308,1e308,no\n1.5e308,1.5e308,yes\n1e308,1.5e308,no\n1.5e308,1e308,yes\n"
     "1e308,1e308,no\n1.5e308,1.5e308,yes\n", "ok")
case("ok_largest_double.csv", "a,b,class\n0,1,no\n1,2,yes\n2,0,no\n1.7976931348623157e308,3,yes\n-3,1,no\n4,4,yes\n", "ok")
case("ok_units_of_1e-13.csv", "a,b,class\n" + rows(12, lambda i: f"{i + 1}e-13,{i % 3},{'yes' if i >= 6 else 'no'}"), "ok")
case("ok_1e200_feature.csv", "a,b,class\n" + rows(12, lambda i: f"{i + 1}e200,{i % 3},{'yes' if i >= 6 else 'no'}"), "ok")
case("ok_subnormal_feature.csv", "a,b,class\n" + rows(12, lambda i: f"{i + 1}e-320,{i % 3},{'yes' if i >= 6 else 'no'}"), "ok")
case("ok_crlf.csv", GOOD.replace(b"\n", b"\r\n"), "ok")
case("ok_cr_only.csv", GOOD.replace(b"\n", b"\r"), "ok")
case("ok_bom_and_delimiter_lines.csv", BOM + GOOD + b",,\n , ,\r\n,,", "ok")
case("ok_quoted_everything.csv", b'"a","b","class"\n' + b"".join(
    b",".join(b'"' + f + b'"' for f in line.split(b",")) + b"\n" for line in GOOD.splitlines()[1:]), "ok")


def main():
    table = ["# file\ttarget\texpected: a piece of the one-line error, or ok (trains to finite numbers)"]
    names = set()
    for name, content, target, expected in CASES:
        assert name not in names, name
        assert "\t" not in expected and "\n" not in expected, name
        names.add(name)
        (HERE / name).write_bytes(content)
        table.append(f"{name}\t{target}\t{expected}")
    (HERE / "expected.tsv").write_text("\n".join(table) + "\n", encoding="utf-8")
    errors = sum(1 for c in CASES if c[3] != "ok")
    print(f"{len(CASES)} files ({errors} refused, {len(CASES) - errors} ok) in {HERE}")


if __name__ == "__main__":
    main()
