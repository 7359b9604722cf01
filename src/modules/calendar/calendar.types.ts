// GraphQL types of the working-day calendar (工作日历).
import { Field, InputType, ObjectType, registerEnumType } from "type-graphql";
import { enumNamed } from "../../shared/enums.js";
import { DateScalar, DateTimeScalar } from "../../shared/graphql.js";
import { COVERAGES } from "./calendar.rules.js";

/** Served as OFFICIAL, OFFICE, WEEKDAYS_ONLY; the rules keep their own spelling ("weekdays-only"). */
export const CalendarCoverage = enumNamed(COVERAGES);
registerEnumType(CalendarCoverage, {
  name: "CalendarCoverage",
  description: "Where a year's working days come from: OFFICIAL (the State Council's holiday notice), OFFICE (only the credit office's entries), WEEKDAYS_ONLY (neither is known: Monday to Friday).",
});

@ObjectType({ description: "A day the credit office set on the working-day calendar (工作日历); it overrides the State Council calendar the service ships with." })
export class CalendarDay {
  @Field(() => DateScalar) day!: string;
  @Field(() => Boolean, { description: "A working day (工作日), or a day off (休息日/节假日)." }) working!: boolean;
  @Field(() => String, { description: "Why: e.g. the State Council notice it follows." }) note!: string;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@InputType()
export class CalendarDayInput {
  @Field(() => DateScalar) day!: Date;
  @Field(() => Boolean) working!: boolean;
  @Field(() => String) note!: string;
}
