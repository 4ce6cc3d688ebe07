import { z } from 'zod';
import { validate } from '../shared/validate.js';
import {
  actorSchema,
  bioInput,
  emailInput,
  loginPolicySchema,
  nameInput,
  nicknameInput,
  pendingTokenInput,
  roleSchema,
  userIdSchema,
  webUrlInput,
} from './values.js';

// Commands carry what the caller computed outside the domain: the clock (`now`), ids, password and token hashes
// (never raw secrets), password checks done with argon2, and whether this is the very first user.

const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), userId: userIdSchema, actor: actorSchema, now: z.date(), ...shape });

const hash = z.string().min(1);

const newAccount = {
  email: emailInput,
  nickname: nicknameInput,
  firstName: nameInput.nullable().optional(),
  lastName: nameInput.nullable().optional(),
  bio: bioInput.nullable().optional(),
  profilePictureUrl: webUrlInput.nullable().optional(),
  githubProfileUrl: webUrlInput.nullable().optional(),
  linkedinProfileUrl: webUrlInput.nullable().optional(),
  passwordHash: hash,
  /** Used only if the account starts unverified. */
  verification: pendingTokenInput,
};

/** A null field clears it; an absent field is left alone. */
export const profileChangesInput = z
  .object({
    nickname: nicknameInput,
    firstName: nameInput.nullable(),
    lastName: nameInput.nullable(),
    bio: bioInput.nullable(),
    profilePictureUrl: webUrlInput.nullable(),
    githubProfileUrl: webUrlInput.nullable(),
    linkedinProfileUrl: webUrlInput.nullable(),
  })
  .partial();

export const userCommandSchemas = {
  /** isFirstUser: the admin roster stream does not exist yet (see adminRoster). */
  RegisterUser: command('RegisterUser', { ...newAccount, isFirstUser: z.boolean() }),
  CreateUser: command('CreateUser', {
    ...newAccount,
    role: roleSchema.optional(),
    markVerified: z.boolean().optional(),
  }),
  VerifyEmail: command('VerifyEmail', { tokenHash: hash }),
  RequestEmailVerification: command('RequestEmailVerification', { verification: pendingTokenInput }),
  LogIn: command('LogIn', { passwordMatches: z.boolean(), policy: loginPolicySchema }),
  UnlockAccount: command('UnlockAccount', {}),
  /** refreshTokenReused: the service saw a spent refresh token again, so someone holds a copy. */
  RevokeSessions: command('RevokeSessions', { refreshTokenReused: z.boolean().optional() }),
  /** sessionId in lower case, as tokens carry it: the requests' check compares the text. */
  EndSession: command('EndSession', {
    sessionId: z.string().toLowerCase().pipe(z.uuid()),
    tokensExpireBy: z.date(),
  }),
  RequestPasswordReset: command('RequestPasswordReset', { reset: pendingTokenInput }),
  /** newPasswordIsAccountName: the caller found the new password to be the account's address or nickname. */
  ResetPassword: command('ResetPassword', {
    tokenHash: hash,
    passwordHash: hash,
    newPasswordIsAccountName: z.boolean(),
  }),
  ChangePassword: command('ChangePassword', {
    currentPasswordMatches: z.boolean(),
    passwordHash: hash,
    newPasswordIsAccountName: z.boolean(),
  }),
  UpdateProfile: command('UpdateProfile', { changes: profileChangesInput }),
  ChangeEmail: command('ChangeEmail', {
    email: emailInput,
    verification: pendingTokenInput,
    markVerified: z.boolean().optional(),
  }),
  SetProfessionalStatus: command('SetProfessionalStatus', { isProfessional: z.boolean() }),
  ChangeRole: command('ChangeRole', { newRole: roleSchema }),
  DeleteUser: command('DeleteUser', {}),
  ErasePersonalData: command('ErasePersonalData', {}),
  /** The holder closing their own account for good; currentPasswordMatches as for ChangePassword. */
  CloseAccount: command('CloseAccount', { currentPasswordMatches: z.boolean() }),
};

type Schemas = typeof userCommandSchemas;
export type UserCommandType = keyof Schemas;
export type UserCommandOf<K extends UserCommandType> = z.infer<Schemas[K]>;
export type UserCommand = { [K in UserCommandType]: UserCommandOf<K> }[UserCommandType];

export type RegisterUser = UserCommandOf<'RegisterUser'>;
export type CreateUser = UserCommandOf<'CreateUser'>;
export type VerifyEmail = UserCommandOf<'VerifyEmail'>;
export type RequestEmailVerification = UserCommandOf<'RequestEmailVerification'>;
export type LogIn = UserCommandOf<'LogIn'>;
export type UnlockAccount = UserCommandOf<'UnlockAccount'>;
export type RevokeSessions = UserCommandOf<'RevokeSessions'>;
export type EndSession = UserCommandOf<'EndSession'>;
export type RequestPasswordReset = UserCommandOf<'RequestPasswordReset'>;
export type ResetPassword = UserCommandOf<'ResetPassword'>;
export type ChangePassword = UserCommandOf<'ChangePassword'>;
export type UpdateProfile = UserCommandOf<'UpdateProfile'>;
export type ChangeEmail = UserCommandOf<'ChangeEmail'>;
export type SetProfessionalStatus = UserCommandOf<'SetProfessionalStatus'>;
export type ChangeRole = UserCommandOf<'ChangeRole'>;
export type DeleteUser = UserCommandOf<'DeleteUser'>;
export type ErasePersonalData = UserCommandOf<'ErasePersonalData'>;
export type CloseAccount = UserCommandOf<'CloseAccount'>;

/** The command as its schema parses it (trimmed, lower-cased email…); InvalidCommandError otherwise. */
export function validCommand<C extends UserCommand>(command: C): C {
  const schema = userCommandSchemas[command.type] as unknown as z.ZodType<C>;
  return validate(schema, command);
}
