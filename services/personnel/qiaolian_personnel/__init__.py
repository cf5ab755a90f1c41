"""personnel (機關黨委 / 人事處): the federation's own cadres, and the grassroots federations,
representatives and commendations the office looks after.

Concept packages, each with the files it needs (rules.py pure, tables, commands, queries, routes):
- cadres/            cadres and their appointment, transfer, removal and retirement (任免)
- establishment/     approved against occupied slots per office and post level (編制)
- records/           cadre records: assessments, salary and social-insurance changes, retiree care
- identity_reviews/  identity review and filing of city and university federation leaders (身份審核備案)
- federations/       grassroots federations, their terms and elections (換屆), `election_due`
- training/          yearly training plans, courses, trainees and hours (幹部培訓)
- commendations/     calls, nominations, public notice (公示) with objections, awards (評比表彰)
- representatives/   returnees and relatives in people's congresses and the CPPCC
- discipline/        discipline inspection cases, behind the discipline role (紀檢)
"""
