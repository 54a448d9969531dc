"""Tests for typeddcm.vr.temporal: Date, Time, DateTime and the DA, TM, DT VRs."""

from __future__ import annotations

import copy
import datetime
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm.errors import InvalidValueError
from typeddcm.vr.temporal import DA, DT, TM, Date, DateTime, Time

# -- strategies, written by hand -------------------------------------------------------------


@st.composite
def time_texts(draw: st.DrawFn, *, leap: bool = True) -> str:
    """A standard TM text of random precision: HH, HHMM, HHMMSS or HHMMSS.F{1-6}."""
    parts = [f"{draw(st.integers(0, 23)):02d}"]
    depth = draw(st.integers(0, 3))
    if depth >= 1:
        parts.append(f"{draw(st.integers(0, 59)):02d}")
    if depth >= 2:
        parts.append(f"{draw(st.integers(0, 60 if leap else 59)):02d}")
    if depth >= 3:
        parts.append("." + draw(st.text("0123456789", min_size=1, max_size=6)))
    return "".join(parts)


@st.composite
def offset_texts(draw: st.DrawFn) -> str:
    """A UTC offset &ZZXX within -1200 .. +1400."""
    minutes = draw(st.integers(-12 * 60, 14 * 60))
    sign = "-" if minutes < 0 else draw(st.sampled_from("+-")) if minutes == 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{mins:02d}"


@st.composite
def datetime_texts(draw: st.DrawFn) -> str:
    """A standard DT text of any precision from year to fraction, maybe with an offset."""
    date = draw(st.dates())
    depth = draw(st.integers(0, 2))
    text = f"{date.year:04d}" + ["", f"{date.month:02d}", f"{date.month:02d}{date.day:02d}"][depth]
    if depth == 2 and draw(st.booleans()):
        text += draw(time_texts())
    if draw(st.booleans()):
        text += draw(offset_texts())
    return text


date_texts = st.dates().map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}")
aware_timezones = st.integers(-12 * 60, 14 * 60).map(
    lambda m: datetime.timezone(datetime.timedelta(minutes=m))
)


# -- round trips -----------------------------------------------------------------------------


@given(date_texts)
def test_date_text_round_trip(text: str) -> None:
    """A standard DA text parses, validates strictly, and gives its text and parts back."""
    date = Date(text)
    assert str(date) == text
    assert Date(str(date)) == date
    date.validate(strict=True)
    assert date.to_date() == datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    assert date.precision == "day"
    assert str(DA(text)) == text


@given(time_texts())
def test_time_text_round_trip(text: str) -> None:
    """A standard TM text parses, validates strictly, and gives its text and parts back."""
    time = Time(text)
    assert str(time) == text
    assert Time(str(time)) == time
    time.validate(strict=True)
    assert time.hour == int(text[:2])
    fraction = text.partition(".")[2]
    assert time.fraction_digits == len(fraction)
    assert time.microsecond == (int(fraction.ljust(6, "0")) if fraction else None)
    assert str(TM(text)) == text


@given(datetime_texts())
def test_datetime_text_round_trip(text: str) -> None:
    """A standard DT text parses, validates strictly, and gives its text back."""
    value = DateTime(text)
    assert str(value) == text
    assert DateTime(str(value)) == value
    value.validate(strict=True)
    assert value.year == int(text[:4])
    converted = value.to_datetime()
    assert (converted.tzinfo is not None) == (value.utc_offset is not None)
    assert str(DT(text)) == text


@given(st.dates())
def test_date_conversion_round_trip(value: datetime.date) -> None:
    """Date.from_date(d).to_date() == d and the text is standard."""
    date = Date.from_date(value)
    assert date.to_date() == value
    assert Date(date.text) == date
    assert (date.year, date.month, date.day) == (value.year, value.month, value.day)
    DA([value]).validate()


@given(st.times())
def test_time_conversion_round_trip(value: datetime.time) -> None:
    """Time.from_time(t).to_time() == t and the text is standard."""
    time = Time.from_time(value)
    assert time.to_time() == value
    assert Time(time.text) == time
    assert time.precision == ("fraction" if value.microsecond else "second")
    TM([value]).validate()


@given(st.datetimes(timezones=st.none() | aware_timezones))
def test_datetime_conversion_round_trip(value: datetime.datetime) -> None:
    """DateTime.from_datetime(dt).to_datetime() == dt, keeping the UTC offset."""
    dt = DateTime.from_datetime(value)
    back = dt.to_datetime()
    assert back == value
    assert back.utcoffset() == value.utcoffset()
    assert DateTime(dt.text) == dt
    DT([value]).validate()


@given(st.text(max_size=30))
def test_parse_lenient_never_raises(text: str) -> None:
    """parse_lenient keeps any text; conversions work exactly when is_valid is True."""
    for kind, convert in (
        (Date, "to_date"),
        (Time, "to_time"),
        (DateTime, "to_datetime"),
    ):
        value = kind.parse_lenient(text)
        assert value.text == text
        if value.is_valid:
            getattr(value, convert)()
        else:
            with pytest.raises(InvalidValueError):
                getattr(value, convert)()


# -- DA ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["20200102", "20000229", "20240229", "00010101", "99991231"])
def test_da_valid(text: str) -> None:
    """Standard dates, leap days included, pass strict validation."""
    DA(text).validate(strict=True)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("20201301", "month must be 01-12"),
        ("20200001", "month must be 01-12"),
        ("20210229", "day must be 01-28 for 2021-02"),
        ("19000229", "day must be 01-28 for 1900-02"),
        ("20200431", "day must be 01-30 for 2020-04"),
        ("20200100", "day must be 01-31 for 2020-01"),
        ("00000000", "year must be 0001-9999"),
        ("2020010", "must be YYYYMMDD"),
        ("2020", "must be YYYYMMDD"),
        ("", "must be YYYYMMDD"),
        ("202001011", "longer than 8 characters"),
        ("2020-01-01", "longer than 8 characters"),
        ("2020a101", "only the digits 0-9 are allowed"),
        ("20200101 ", "longer than 8 characters"),
        ("2020.01.02", "the ACR-NEMA form YYYY.MM.DD is not standard"),
    ],
)
def test_da_invalid(text: str, rule: str) -> None:
    """DA rejects non-standard dates with the rule named, and parse_lenient keeps them."""
    with pytest.raises(InvalidValueError) as info:
        DA([text])
    assert info.value.vr == "DA"
    assert rule in info.value.rule
    with pytest.raises(InvalidValueError) as info:
        Date.parse_lenient(text).validate(strict=True)
    assert rule in info.value.rule
    assert str(DA._trusted((Date.parse_lenient(text),))) == text


@pytest.mark.parametrize(
    ("text", "parts", "precision"),
    [
        ("2020.01.02", (2020, 1, 2), "day"),
        ("2020", (2020, None, None), "year"),
        ("202002", (2020, 2, None), "month"),
        (" 20200102 ", (2020, 1, 2), "day"),
    ],
)
def test_date_lenient_forms(
    text: str, parts: tuple[int, int | None, int | None], precision: str
) -> None:
    """Date() reads the ACR-NEMA form and partial dates, keeping the text."""
    date = Date(text)
    assert (date.year, date.month, date.day) == parts
    assert date.precision == precision
    assert date.is_valid
    assert date.text == text
    date.validate(strict=False)
    assert date.to_date() == datetime.date(parts[0], parts[1] or 1, parts[2] or 1)


@pytest.mark.parametrize(
    ("text", "rule"), [("20201301", "month"), ("abc", "not a date"), ("", "not a date")]
)
def test_invalid_date(text: str, rule: str) -> None:
    """Date() raises for text without a date; parse_lenient keeps it with no parts."""
    with pytest.raises(InvalidValueError, match=rule):
        Date(text)
    date = Date.parse_lenient(text)
    assert not date.is_valid
    assert (date.year, date.month, date.day) == (None, None, None)
    assert repr(date) == f"Date.parse_lenient({text!r})"
    with pytest.raises(InvalidValueError, match=rule):
        date.to_date()
    with pytest.raises(InvalidValueError, match=rule):
        _ = date.precision
    with pytest.raises(InvalidValueError, match=rule):
        date.validate(strict=False)


def test_da_rejects_datetime() -> None:
    """A datetime.datetime is a TypeError for DA rather than a silently dropped time."""
    now = datetime.datetime(2020, 1, 2, 3, 4, 5)
    with pytest.raises(TypeError, match=r"pass its \.date\(\)"):
        DA(now)
    with pytest.raises(TypeError, match=r"datetime\.datetime"):
        Date.from_date(now)
    assert DA(now.date()).value == "20200102"


def test_from_date_small_year() -> None:
    """Years below 1000 are written with four digits."""
    assert Date.from_date(datetime.date(1, 2, 3)).text == "00010203"


# -- TM ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["00", "23", "2359", "235959", "235960", "101010.1", "101010.123456", "1010 ", "07  "]
)
def test_tm_valid(text: str) -> None:
    """Standard times, with a leap second and trailing padding, pass strict validation."""
    TM(text).validate(strict=True)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("24", "hour must be 00-23"),
        ("1260", "minute must be 00-59"),
        ("123061", "second must be 00-60"),
        ("1", "must be HH, HHMM, HHMMSS or HHMMSS.F"),
        ("123", "must be HH, HHMM, HHMMSS or HHMMSS.F"),
        ("101010.", "must be HH, HHMM, HHMMSS or HHMMSS.F"),
        ("1010.5", "must be HH, HHMM, HHMMSS or HHMMSS.F"),
        ("101010.1234567", "1 to 6 fraction digits"),
        ("101010.12345678", "longer than 14 characters"),
        ("10:10:10", "only the digits 0-9, '.' and trailing spaces"),
        (" 101010", "only the digits 0-9, '.' and trailing spaces"),
    ],
)
def test_tm_invalid(text: str, rule: str) -> None:
    """TM rejects non-standard times with the rule named."""
    with pytest.raises(InvalidValueError) as info:
        TM(text)
    assert info.value.vr == "TM"
    assert rule in info.value.rule


@pytest.mark.parametrize(
    ("text", "expected", "digits"),
    [
        ("10:15:30", datetime.time(10, 15, 30), 0),
        ("10:15:30.25", datetime.time(10, 15, 30, 250000), 2),
        ("10:15", datetime.time(10, 15), 0),
        ("101530.1234567", datetime.time(10, 15, 30, 123456), 6),
        ("101530.", datetime.time(10, 15, 30), 0),
        (" 1015 ", datetime.time(10, 15), 0),
    ],
)
def test_time_lenient_forms(text: str, expected: datetime.time, digits: int) -> None:
    """Time() reads the ACR-NEMA colon form and over-long fractions, keeping the text."""
    time = Time(text)
    assert time.to_time() == expected
    assert time.fraction_digits == digits
    assert str(time) == text


@pytest.mark.parametrize(
    ("text", "parts", "precision"),
    [
        ("10", (10, None, None, None), "hour"),
        ("1015", (10, 15, None, None), "minute"),
        ("101530", (10, 15, 30, None), "second"),
        ("101530.5", (10, 15, 30, 500000), "fraction"),
    ],
)
def test_time_precision(text: str, parts: tuple[int | None, ...], precision: str) -> None:
    """Each TM form gives its parts and precision; missing parts convert as 0."""
    time = Time(text)
    assert (time.hour, time.minute, time.second, time.microsecond) == parts
    assert time.precision == precision
    hour, minute, second, microsecond = (p or 0 for p in parts)
    assert time.to_time() == datetime.time(hour, minute, second, microsecond)


def test_leap_second() -> None:
    """Second 60 is valid and converts to 59, as datetime cannot hold it."""
    assert Time("235960").second == 60
    assert Time("235960.5").to_time() == datetime.time(23, 59, 59, 500000)
    assert DateTime("20161231235960").to_datetime() == datetime.datetime(2016, 12, 31, 23, 59, 59)


def test_time_rejects_aware_and_other_types() -> None:
    """TM takes naive times only, and rejects other types with TypeError."""
    aware = datetime.time(10, tzinfo=datetime.UTC)
    with pytest.raises(InvalidValueError, match="no UTC offset"):
        TM(aware)
    with pytest.raises(TypeError):
        TM(datetime.datetime(2020, 1, 2))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Time.from_time("1010")  # type: ignore[arg-type]


def test_time_from_time_text() -> None:
    """from_time writes HHMMSS, adding six fraction digits only when there are microseconds."""
    assert Time.from_time(datetime.time(1, 2, 3)).text == "010203"
    assert Time.from_time(datetime.time(1, 2, 3, 4)).text == "010203.000004"


# -- DT ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2020",
        "202001",
        "20200102",
        "2020010210",
        "202001021015",
        "20200102101530",
        "20200102101530.1",
        "20200102101530.123456+1400",
        "2020-1200",
        "20200102 ",
        "20161231235960",
    ],
)
def test_dt_valid(text: str) -> None:
    """Standard date-times of every precision pass strict validation."""
    DT(text).validate(strict=True)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2020010210+1500", "UTC offset must be -1200 to +1400"),
        ("2020010210-1201", "UTC offset must be -1200 to +1400"),
        ("20200102+0160", "UTC offset minutes must be 00-59"),
        ("20201301", "month must be 01-12"),
        ("20200230", "day must be 01-29 for 2020-02"),
        ("2020010224", "hour must be 00-23"),
        ("202001021060", "minute must be 00-59"),
        ("20200102101061", "second must be 00-60"),
        ("202", "must be YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]]"),
        ("2020010210.5", "must be YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]]"),
        ("20200102101010.1234567", "must be YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]]"),
        ("20200102101010.1234567+0100", "longer than 26 characters"),
        ("20200102T1010", "only the digits 0-9, '+', '-', '.' and trailing spaces"),
    ],
)
def test_dt_invalid(text: str, rule: str) -> None:
    """DT rejects non-standard date-times with the rule named."""
    with pytest.raises(InvalidValueError) as info:
        DT(text)
    assert info.value.vr == "DT"
    assert rule in info.value.rule


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2020", "year"),
        ("202001", "month"),
        ("20200102", "day"),
        ("2020010210", "hour"),
        ("202001021015", "minute"),
        ("20200102101530", "second"),
        ("20200102101530.5", "fraction"),
        ("2020+0100", "year"),
    ],
)
def test_datetime_precision(text: str, precision: str) -> None:
    """The precision is the smallest part the text gives, whatever the offset."""
    assert DateTime(text).precision == precision


def test_datetime_parts_and_offset() -> None:
    """A full DT gives all its parts, and an aware datetime with its offset."""
    value = DateTime("20200102101530.25-0530")
    assert (value.year, value.month, value.day) == (2020, 1, 2)
    assert (value.hour, value.minute, value.second) == (10, 15, 30)
    assert (value.microsecond, value.fraction_digits) == (250000, 2)
    offset = datetime.timedelta(hours=-5, minutes=-30)
    assert value.utc_offset == offset
    expected = datetime.datetime(2020, 1, 2, 10, 15, 30, 250000, tzinfo=datetime.timezone(offset))
    assert value.to_datetime() == expected
    assert value.to_datetime().utcoffset() == offset


def test_partial_datetime_is_naive_and_filled() -> None:
    """Missing DT parts convert as 1 (month, day) and 0 (time); no offset gives a naive datetime."""
    value = DateTime("2020")
    assert value.to_datetime() == datetime.datetime(2020, 1, 1)
    assert value.to_datetime().tzinfo is None
    assert value.utc_offset is None
    assert (value.month, value.hour, value.microsecond, value.fraction_digits) == (
        None,
        None,
        None,
        0,
    )


def test_from_datetime_text() -> None:
    """from_datetime writes every part to the second, the fraction and offset when present."""
    naive = datetime.datetime(2020, 1, 2, 3, 4, 5)
    assert DateTime.from_datetime(naive).text == "20200102030405"
    aware = naive.replace(microsecond=6, tzinfo=datetime.timezone(datetime.timedelta(hours=14)))
    assert DateTime.from_datetime(aware).text == "20200102030405.000006+1400"
    odd = naive.replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=30)))
    with pytest.raises(InvalidValueError, match="whole minutes"):
        DateTime.from_datetime(odd)


def test_dt_rejects_date_and_other_types() -> None:
    """DT takes datetime.datetime, not a bare date, and rejects other types with TypeError."""
    with pytest.raises(TypeError, match=r"not datetime\.date"):
        DT(datetime.date(2020, 1, 2))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        DT(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        DateTime(20200102)  # type: ignore[arg-type]


def test_datetime_lenient_forms() -> None:
    """DateTime() reads padding and over-long fractions, and rejects out-of-range offsets."""
    assert DateTime(" 20200102 ").to_datetime() == datetime.datetime(2020, 1, 2)
    assert DateTime("20200102101010.1234567").microsecond == 123456
    assert DateTime("2020+1500").utc_offset == datetime.timedelta(hours=15)
    with pytest.raises(InvalidValueError, match="UTC offset hours must be 00-23"):
        DateTime("2020+2400")
    assert not DateTime.parse_lenient("2020+2400").is_valid


# -- the VR classes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "value", "texts"),
    [
        (DA, None, []),
        (DA, "", []),
        (DA, "20200102\\20200103", ["20200102", "20200103"]),
        (DA, Date("20200102"), ["20200102"]),
        (DA, datetime.date(2020, 1, 2), ["20200102"]),
        (
            DA,
            ["20200102", Date("20200103"), datetime.date(2020, 1, 4)],
            ["20200102", "20200103", "20200104"],
        ),
        (TM, "1010\\1111", ["1010", "1111"]),
        (TM, datetime.time(1, 2, 3), ["010203"]),
        (TM, [Time("10"), "11", datetime.time(12)], ["10", "11", "120000"]),
        (DT, "2020\\2021", ["2020", "2021"]),
        (DT, datetime.datetime(2020, 1, 2), ["20200102000000"]),
        (DT, (DateTime("2020"), "2021"), ["2020", "2021"]),
    ],
)
def test_converters(cls: type[DA | TM | DT], value: object, texts: list[str]) -> None:
    """DA, TM and DT accept None, backslash text, value objects, datetime types and iterables."""
    vr = cls(value)  # type: ignore[arg-type]
    assert [v.text for v in vr.values] == texts
    assert str(vr) == "\\".join(texts)


@pytest.mark.parametrize("cls", [DA, TM, DT])
@pytest.mark.parametrize("value", [b"2020", 20200102, [1.5], object()])
def test_converters_reject_other_types(cls: type[DA | TM | DT], value: object) -> None:
    """DA, TM and DT raise TypeError for bytes and other non-temporal values."""
    with pytest.raises(TypeError):
        cls(value)  # type: ignore[arg-type]


def test_vr_names() -> None:
    """Each VR class has its PS3.5 code and name."""
    assert (DA.code, DA.vr_name) == ("DA", "Date")
    assert (TM.code, TM.vr_name) == ("TM", "Time")
    assert (DT.code, DT.vr_name) == ("DT", "Date Time")


def test_lenient_vr_check_is_types_only() -> None:
    """A VR built by the codec from garbage passes lenient validation and fails strict."""
    da = DA._trusted((Date.parse_lenient("garbage"), Date.parse_lenient("2020.01.02")))
    da.validate(strict=False)
    assert not da.is_valid()
    assert str(da) == "garbage\\2020.01.02"
    assert da.values[1].to_date() == datetime.date(2020, 1, 2)
    with pytest.raises(InvalidValueError, match="tuple of Date"):
        DA._trusted(("20200102",)).validate(strict=False)
    with pytest.raises(InvalidValueError, match="tuple of Time"):
        TM._trusted((Date("2020"),)).validate(strict=False)
    with pytest.raises(InvalidValueError, match="tuple of DateTime"):
        DT._trusted([DateTime("2020")]).validate(strict=False)


# -- value semantics --------------------------------------------------------------------------


def test_equality_by_text() -> None:
    """Values equal their text and same-typed values with the same text, and hash like the text."""
    assert Date("20200102") == "20200102"
    assert Date("20200102") == "20200102"
    assert Date("20200102") == Date("20200102")
    assert Date("20200102") != Date("2020.01.02")
    assert Date("2020") != DateTime("2020")
    assert hash(Time("1010")) == hash("1010")
    assert Time("1010") != 1010
    assert DA("20200102") == DA(datetime.date(2020, 1, 2))


@pytest.mark.parametrize(
    "value",
    [
        Date("20200102"),
        Date.parse_lenient("x"),
        Time("101030.5"),
        DateTime("2020+0100"),
        DateTime.parse_lenient(""),
    ],
)
def test_pickle_copy_and_immutability(value: Date | Time | DateTime) -> None:
    """Values survive pickle and deepcopy (invalid ones too) and refuse attribute changes."""
    for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
        assert clone == value
        assert type(clone) is type(value)
        assert clone.is_valid == value.is_valid
    with pytest.raises(AttributeError):
        setattr(value, "_text", "x")  # noqa: B010 - the point is to try
    with pytest.raises(AttributeError):
        delattr(value, "_parts")


def test_repr() -> None:
    """repr shows the constructor call that gives the value back."""
    assert repr(Date("20200102")) == "Date('20200102')"
    assert repr(Time.parse_lenient("99")) == "Time.parse_lenient('99')"
    assert repr(DateTime("2020")) == "DateTime('2020')"
