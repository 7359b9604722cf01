// GraphQL types of subjects (主体) and how callers refer to them.
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { subjectKind } from "../../db/schema.js";
import { enumOf } from "../../shared/enums.js";
import { PageInfo } from "../../shared/graphql.js";

export const SubjectKind = enumOf(subjectKind.enumValues);
registerEnumType(SubjectKind, {
  name: "SubjectKind",
  description: "法人和其他组织 / 从业人员 / 车辆 / 船舶",
});

export const PlateColor = {
  BLUE: "BLUE", YELLOW: "YELLOW", GREEN: "GREEN", YELLOW_GREEN: "YELLOW_GREEN", WHITE: "WHITE", BLACK: "BLACK",
} as const;
registerEnumType(PlateColor, { name: "PlateColor", description: "号牌颜色 of a vehicle plate" });

@InputType({ description: "A subject by its identifier: USCC, resident ID, plate, or vessel identification number." })
export class SubjectRef {
  @Field(() => SubjectKind) kind!: keyof typeof SubjectKind;
  @Field(() => String, { description: "Lower case, spaces and full-width characters are accepted and canonicalised." })
  identifier!: string;
  @Field(() => PlateColor, { nullable: true, description: "For a VEHICLE, when the caller knows the plate colour." })
  plateColor?: keyof typeof PlateColor | null;
}

@ObjectType({ description: "A subject reference as the register canonicalised it." })
export class SubjectRefOut {
  @Field(() => SubjectKind) kind!: string;
  @Field(() => String) identifier!: string;
}

@ObjectType({ description: "主体: a party that credit information is about." })
export class Subject {
  @Field(() => ID) id!: string;
  @Field(() => SubjectKind) kind!: string;
  @Field(() => String, { description: "Canonical identifier; a person's is masked for callers who may not see it." })
  identifier!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "6-digit administrative division code." }) region!: string;
  @Field(() => String, { nullable: true, description: "Name of the administrative division, e.g. 昆明市五华区." })
  regionName!: string | null;
  @Field(() => [String]) sectors!: string[];
  @Field(() => PlateColor, { nullable: true }) plateColor!: string | null;
}

@ObjectType()
export class SubjectConnection {
  @Field(() => [Subject]) nodes!: Subject[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
