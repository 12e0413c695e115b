# English paraphrase cases, written by hand before any scoring.
R = {}
P = {}
B = {}

B["e1"] = """GAO annual summary notes
FY2025 results:
- 671 total products, 46 testimonies
- 1,295 improvements in federal operations
- 1,833 new recommendations
- $62.7 billion in financial savings
- worked for 90% of full committees
FY2027 request:
- $860 million appropriated
- $910 million total budget authority
- 3,210 FTE, -4.2% vs FY2026"""
R["e1"] = "1. Fiscal Year 2025 Results"
P["e1"] = "2. Fiscal Year 2027 Plan"

B["e2"] = """USPS FY2025 review notes
- First-Class Mail on-time: 91% in FY2022 -> about 86% in FY2025
- net losses since FY2007: $118 billion
- borrowed the full $15 billion allowed from Treasury
- $57 billion noncash relief (PSRA 2022)
- cash and equivalents $4.6 billion
- Treasury securities $9.5 billion
- projected FY2026 net loss: about $9 billion
Next year:
- cut operating costs by $3 billion
- restore on-time performance to 93%"""
R["e2"] = "Fiscal Year 2025 in Review"
P["e2"] = "Plans for Fiscal Year 2026"

B["e3"] = """Office of Federal Student Aid - 2025 notes
- staff: 1,433 in January 2025, 777 in December 2025
- $79 billion in FFEL loans
- more than 7 million borrowers in the plan
- servicer penalty: up to 5 percent per metric
- penalty grows 50 percent for each additional failure
2026 goals:
- finish new contract standards by June
- review 100% of servicer invoices"""
R["e3"] = "2025 Results"
P["e3"] = "2026 Plans"

B["e4"] = """ORR Ukraine funding notes (FY2022-2024)
- DHS paroled about 259,000 Ukrainians
- about 230,000 through Uniting for Ukraine, about 29,000 outside it
- ORR allocated $3.77 billion to grant funds, $6 million to administration
- Preferred Communities program: $84 million
- reviewed 31 monitoring reports"""
R["e4"] = "Results, Fiscal Years 2022-2024"
P["e4"] = ""

B["e5"] = """Program office notes - FY2025
- caregiver program enrollment up 15% (goal met)
- about 3.1 million veterans received community care in 2024
- improper payments: $186 billion across 64 programs, 15 agencies
Challenges:
- caregiver support staff shortages
Next year:
- hire 200 caregiver support coordinators
- raise enrollment another 10%"""
R["e5"] = "Fiscal Year 2025 Accomplishments"
P["e5"] = "Next Year's Priorities"

B["e6"] = """Breastfeeding promotion program - 2005 notes
- literature review: 39 studies
- savings if breastfeeding goals met: at least $3.6 billion in health care costs
Next year:
- distribute 5,000 education kits
- train 2,300 WIC staff"""
R["e6"] = "2005 Summary"
P["e6"] = "2006 Plan"

B["e7"] = """FY2025 operations (terse)
- routes meeting delivery standard: 158 -> 142
- processing costs -2.1%
- customer complaints +12%
- overtime hours: 1.2 million (FY2024: 1.5 million)
- half a million parcels rerouted"""
R["e7"] = "Fiscal Year 2025 Operations"
P["e7"] = ""

B["e8"] = """Revolving Fund FY2024 receipts
- fourteen receipts and four related deposits
- all receipts sequentially numbered"""
R["e8"] = "Fiscal Year 2024 Receipts"
P["e8"] = ""

B["e9"] = """GAO annual summary notes
FY2025 results:
- 1,295 improvements in federal operations
- $62.7 billion in financial savings"""
R["e9"] = "Fiscal Year 2025 Results"
P["e9"] = ""

EXAMPLES = {
    "e9": {"title": "GAO Performance and Accountability Report FY2024",
           "text": "In fiscal year 2024, GAO's work yielded $67.5 billion in financial benefits and 1,254 "
                   "improvements in government operations."},
}

F, E = "accept", "flag"
CASES = [
 # e1
 ("e1", "R", "Our work produced $62,700 million in financial savings.", F, "rescale", "$62,700 million"),
 ("e1", "R", "Our work yielded about $63 billion in financial savings.", F, "rounding", "$63 billion"),
 ("e1", "R", "We issued 671 products, among them 46 testimonies before the Congress.", F, "count_noun", "46"),
 ("e1", "R", "We conducted work for 90 percent of the full committees of the Congress.", F, "numerals", "90 percent"),
 ("e1", "R", "We made 1,295 new recommendations to agencies.", E, "wrong_indicator", "1,295"),
 ("e1", "R", "We issued 617 products in fiscal year 2025.", E, "value_altered", "617"),
 ("e1", "P", "The request funds 3,210 full-time equivalents, an increase of 4.2 percent over FY 2026.", E, "sign_lost", "4.2 percent"),
 ("e1", "P", "The request supports 3,210 FTEs, a reduction of 4.2 percent from FY 2026.", F, "sign_kept", "4.2 percent"),
 ("e1", "P", "Total budget authority of $910 million is $50 million above the appropriated amount.", F, "derived_growth", "$50 million"),
 ("e1", "R", "In fiscal year 2025, GAO received $910 million in total budget authority.", E, "target_as_achieved", "$910 million"),
 ("e1", "R", "GAO employed 3,210 full-time equivalents in fiscal year 2025.", E, "wrong_period", "3,210"),
 ("e1", "P", "We are requesting $860 million in appropriated dollars.", F, "plan_in_plan", "$860 million"),
 # e2
 ("e2", "R", "On-time performance for First-Class Mail increased to 86 percent.", E, "direction_contradicted", "86 percent"),
 ("e2", "R", "On-time performance fell by 5 percentage points between fiscal years 2022 and 2025.", F, "derived_growth", "5 percentage points"),
 ("e2", "R", "Cash and short-term investments totaled $14.1 billion at year end.", F, "derived_sum", "$14.1 billion"),
 ("e2", "R", "Treasury securities made up about two-thirds of its cash and short-term investments.", F, "derived_share", "two-thirds"),
 ("e2", "R", "USPS cut operating costs by $3 billion in fiscal year 2025.", E, "target_as_achieved", "$3 billion"),
 ("e2", "R", "On-time performance recovered to 93 percent.", E, "target_as_achieved", "93 percent"),
 ("e2", "R", "USPS received fifty-seven billion dollars in noncash relief under the 2022 reform act.", F, "numerals", "fifty-seven billion dollars"),
 ("e2", "R", "Net losses since fiscal year 2007 total $115 billion.", E, "value_altered", "$115 billion"),
 ("e2", "R", "USPS closed 12 processing facilities during the year.", E, "invented", "12"),
 ("e2", "P", "USPS plans to cut operating costs by $3 billion.", F, "plan_in_plan", "$3 billion"),
 ("e2", "P", "USPS aims to restore on-time performance to 86 percent.", E, "last_year_as_current", "86 percent"),
 ("e2", "R", "USPS has lost nearly $120 billion since fiscal year 2007.", F, "rounding", "$120 billion"),
 ("e2", "R", "USPS lost $9 billion in fiscal year 2026.", E, "forecast_as_final", "$9 billion"),
 ("e2", "P", "USPS projects a net loss of about $9 billion for fiscal year 2026.", F, "forecast_kept", "$9 billion"),
 # e3
 ("e3", "R", "FSA staff grew to 777 by December.", E, "direction_contradicted", "777"),
 ("e3", "R", "FSA staff fell by 656 people during 2025.", F, "derived_growth", "656"),
 ("e3", "R", "FSA lost 46 percent of its staff during the year.", F, "derived_share", "46 percent"),
 ("e3", "R", "FSA oversees about $80 billion in FFEL loans.", F, "rounding", "$80 billion"),
 ("e3", "R", "Over seven million borrowers were enrolled in the plan.", F, "numerals", "seven million"),
 ("e3", "R", "FSA reviewed 100 percent of servicer invoices in 2025.", E, "target_as_achieved", "100 percent"),
 ("e3", "R", "Servicers were penalized 50 percent on the accuracy metric.", E, "wrong_indicator", "50 percent"),
 ("e3", "R", "FSA oversees $79,000 million in Federal Family Education Loans.", F, "rescale", "$79,000 million"),
 ("e3", "R", "FSA had 1,343 staff in January 2025.", E, "value_altered", "1,343"),
 ("e3", "R", "FSA held 24 servicer reviews during the year.", E, "invented", "24"),
 # e4
 ("e4", "R", "Uniting for Ukraine accounted for almost 90 percent of the paroles.", F, "derived_share", "90 percent"),
 ("e4", "R", "ORR allocated $3,770 million to grant funds.", F, "rescale", "$3,770 million"),
 ("e4", "R", "We reviewed thirty-one monitoring reports.", F, "numerals", "thirty-one"),
 ("e4", "R", "DHS paroled roughly 260,000 Ukrainians.", F, "rounding", "260,000"),
 ("e4", "R", "About 29,000 and 230,000 Ukrainians were paroled through and outside Uniting for Ukraine, respectively.", E, "fenbie_swap", "29,000"),
 ("e4", "R", "About 230,000 and 29,000 Ukrainians were paroled through and outside Uniting for Ukraine, respectively.", F, "fenbie", "29,000"),
 ("e4", "R", "ORR allocated $84 million to administration.", E, "wrong_indicator", "$84 million"),
 ("e4", "R", "ORR allocated $3.17 billion to grant funds.", E, "value_altered", "$3.17 billion"),
 ("e4", "R", "ORR conducted 45 site visits.", E, "invented", "45"),
 # e5
 ("e5", "R", "More than three million veterans received community care in 2024.", F, "numerals", "three million"),
 ("e5", "R", "About 3,100,000 veterans received community care in 2024.", F, "rescale", "3,100,000"),
 ("e5", "R", "We hired 200 caregiver support coordinators.", E, "target_as_achieved", "200"),
 ("e5", "P", "We plan to hire 200 caregiver support coordinators.", F, "plan_in_plan", "200"),
 ("e5", "R", "In 2025, 3.1 million veterans received community care.", E, "wrong_period", "3.1 million"),
 ("e5", "R", "Agencies reported $186 billion in improper payments across 64 programs.", F, "count_noun", "64"),
 ("e5", "R", "Agencies reported $186 billion in improper payments across 15 programs.", E, "wrong_indicator", "15"),
 ("e5", "R", "Agencies reported $168 billion in improper payments.", E, "value_altered", "$168 billion"),
 ("e5", "R", "Improper payments averaged about $2.9 billion per program.", F, "derived_share", "$2.9 billion"),
 ("e5", "R", "Caregiver program enrollment rose 10 percent, meeting the goal.", E, "target_as_achieved_noverb", "10 percent"),
 # e6
 ("e6", "R", "The program distributed 5,000 education kits.", E, "target_as_achieved", "5,000"),
 ("e6", "R", "This year 2,300 WIC staff were trained.", E, "target_as_achieved_noverb", "2,300"),
 ("e6", "P", "Next year we will train 2,300 WIC staff.", F, "plan_in_plan", "2,300"),
 ("e6", "R", "Meeting the goals would save at least $3,600 million in health care costs.", F, "rescale", "$3,600 million"),
 ("e6", "R", "The literature review covered 39 studies.", F, "count_noun", "39"),
 ("e6", "R", "Formula makers spent $25 million on advertising.", E, "invented", "$25 million"),
 # e7
 ("e7", "R", "The number of routes meeting the delivery standard increased to 142.", E, "direction_contradicted", "142"),
 ("e7", "R", "Routes meeting the delivery standard fell by 16.", F, "derived_growth", "16"),
 ("e7", "R", "Processing costs increased 2.1 percent.", E, "sign_lost", "2.1 percent"),
 ("e7", "R", "Processing costs fell 2.1 percent.", F, "sign_kept", "2.1 percent"),
 ("e7", "R", "Overtime reached 1.5 million hours in fiscal year 2025.", E, "last_year_as_current", "1.5 million"),
 ("e7", "R", "Overtime hours dropped 20 percent from fiscal year 2024.", F, "derived_growth", "20 percent"),
 ("e7", "R", "Some 500,000 parcels were rerouted.", F, "numerals", "500,000"),
 ("e7", "R", "Customer complaints decreased 12 percent.", E, "direction_flipped", "12 percent"),
 # e8
 ("e8", "R", "The Fund reported 14 receipts for fiscal year 2024.", F, "numerals", "14"),
 ("e8", "R", "The Fund reported four receipts and fourteen related deposits.", E, "fenbie_swap", "fourteen"),
 ("e8", "R", "The Fund reported 14 receipts and 4 related deposits.", F, "count_noun", "4 related"),
 # e9
 ("e9", "R", "Our work yielded $67.5 billion in financial benefits.", E, "example_figure", "$67.5 billion"),
 ("e9", "R", "Agencies made 1,254 improvements in government operations.", E, "example_figure", "1,254"),
]
CASES += [
 ("e2", "R", "USPS borrowed $57 billion from the Treasury.", E, "wrong_indicator", "$57 billion"),
 ("e7", "R", "Overtime rose to 1.2 million hours.", E, "direction_contradicted", "1.2 million"),
]
