#pragma once

// The workspace's record types and closed lists of values (workspace.cc), described once.

#include "server/records/record_type.h"

namespace solimob::server::records {

extern enumeration const kRoles;
extern enumeration const kOrgTypes;
extern enumeration const kActionStatuses;
extern enumeration const kNatures;
extern enumeration const kDocTypes;
extern enumeration const kDocStatuses;
extern enumeration const kMeetingTypes;
extern enumeration const kFollowUpStatuses;
extern enumeration const kPlanKinds;
extern enumeration const kProjectStatuses;
extern enumeration const kCallStatuses;
extern enumeration const kEligibilities;
extern enumeration const kCallDecisions;
extern enumeration const kFrameworkKinds;
extern enumeration const kSurveyTools;
extern enumeration const kTextEncodings;

// Routes written by hand (links, budget lines, status transitions...): described for visibility.
extern record_type const kAction;
extern record_type const kDocument;
extern record_type const kMeeting;
extern record_type const kSector;
extern record_type const kView;  // a saved analysis view

// Served by the generic handlers.
extern record_type const kObjective;
extern record_type const kPlanSection;
extern record_type const kOrganisation;
extern record_type const kContact;
extern record_type const kEvaluation;
extern record_type const kSectorProject;
extern record_type const kAgendaItem;
extern record_type const kDecision;
extern record_type const kFollowUp;
extern record_type const kCall;
extern record_type const kCriterion;
extern record_type const kApplication;
extern record_type const kBenchmarkPlan;
extern record_type const kBenchmarkMeasure;
extern record_type const kFrameworkDocument;
extern record_type const kCommitment;
extern record_type const kCooperationAxis;
extern record_type const kSurvey;
extern record_type const kSurveyMapping;

}  // namespace solimob::server::records
